import { useEffect, useId, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { useAppInfo, useConsoleStores } from '../stores/use-stores.ts';
import { useReviewRefusal } from '../hooks/use-review-refusal.ts';
import { ReviewRefusalNote } from './ReviewRefusalNote.tsx';
import { InlineError } from './InlineError.tsx';

/**
 * Settings: the CA certificate this server profile is pinned to (copied at sign-in, so replacing the
 * original file changes nothing), with its fingerprints to compare against what the administrator
 * gave, and a way to pin another file while signed in.
 */
export function PinnedCaSection() {
  const stores = useConsoleStores();
  const pinned = useStore(stores.pinnedCa, (s) => s.pinned);
  const loaded = useStore(stores.pinnedCa, (s) => s.loaded);
  const replacing = useStore(stores.pinnedCa, (s) => s.replacing);
  const error = useStore(stores.pinnedCa, (s) => s.error);
  const canChooseFiles = useAppInfo((s) => s.info?.canChooseFiles ?? false);
  const [caFilePath, setCaFilePath] = useState('');
  const [replaced, setReplaced] = useState(false);
  const ids = useId();
  const replaceRefusal = useReviewRefusal('ca:replace');

  useEffect(() => {
    void stores.pinnedCa.getState().load();
  }, [stores]);

  async function replace(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (replacing || replaceRefusal || caFilePath.trim() === '') return;
    setReplaced(false);
    if (await stores.pinnedCa.getState().replace(caFilePath.trim())) {
      setReplaced(true);
      setCaFilePath('');
    }
  }

  async function browse() {
    const chosen = await stores.appInfo.getState().chooseCaFile();
    if (chosen) setCaFilePath(chosen);
  }

  return (
    <section className="settings-section" aria-labelledby={`${ids}-title`} data-testid="settings-pinned-ca">
      <h3 id={`${ids}-title`} className="settings-section-title">
        Server certificate authority
      </h3>
      {!loaded ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : pinned ? (
        <>
          <p className="field-hint">The console trusts this server through its own copy of the CA file chosen at sign-in. SHA-256 fingerprint{pinned.fingerprints.length > 1 ? 's' : ''}:</p>
          <ul className="settings-fingerprints" data-testid="pinned-ca-fingerprints">
            {pinned.fingerprints.map((fingerprint) => (
              <li key={fingerprint}>
                <code>{fingerprint}</code>
              </li>
            ))}
          </ul>
          <form className="settings-form" onSubmit={replace} noValidate>
            <label htmlFor={`${ids}-file`}>Replace with another CA file</label>
            <div className="field-row">
              <input
                id={`${ids}-file`}
                type="text"
                spellCheck={false}
                value={caFilePath}
                onChange={(event) => {
                  setCaFilePath(event.target.value);
                  setReplaced(false);
                }}
                aria-describedby={`${ids}-hint`}
                data-testid="pinned-ca-path"
              />
              {canChooseFiles ? (
                <button type="button" className="button-secondary" onClick={() => void browse()}>
                  Browse…
                </button>
              ) : null}
            </div>
            <p id={`${ids}-hint`} className="field-hint">
              The server&apos;s certificate must chain to the new file; it is checked with Central Command before it is pinned.
            </p>
            <div>
              <button
                type="submit"
                className="button-secondary"
                disabled={replacing || replaceRefusal !== null || caFilePath.trim() === ''}
                aria-busy={replacing}
                aria-describedby={replaceRefusal ? `${ids}-replace-refusal` : undefined}
                data-testid="pinned-ca-replace"
              >
                Replace CA file
              </button>{' '}
              <ReviewRefusalNote id={`${ids}-replace-refusal`} text={replaceRefusal} />
            </div>
          </form>
        </>
      ) : error === null ? (
        <p className="field-hint">This server is trusted through this computer&apos;s own certificate authorities; no CA file is pinned.</p>
      ) : null}
      {replaced ? (
        <p className="settings-saved" role="status">
          The new CA file is pinned.
        </p>
      ) : null}
      <InlineError message={error?.message} />
    </section>
  );
}
