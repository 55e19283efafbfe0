import { useEffect, useId, useRef, useState } from 'react';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { ProfileSummary } from '#shared/ipc/contract.ts';
import { useConsoleStores, useProfiles } from '../stores/use-stores.ts';

/**
 * Asks before deleting a profile's local data (session, cache key, cached fleet) on this computer;
 * only "Remove local data" calls core, with the confirmation the contract demands.
 */
export function RemoveProfileDialog({ profile, onClose }: { profile: ProfileSummary; onClose: () => void }) {
  const stores = useConsoleStores();
  const busy = useProfiles((s) => s.busy);
  // This dialog's own failed attempt; an older failure in the store (a list that did not load) is not about this removal.
  const [failure, setFailure] = useState<ConsoleErrorPayload | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const ids = useId();

  useEffect(() => {
    cancel.current?.focus();
  }, []);

  async function confirm() {
    // A failed removal keeps the dialog open with core's reason; the profile's data is still there.
    setFailure(null);
    if (await stores.profiles.getState().remove(profile.id)) onClose();
    else setFailure(stores.profiles.getState().error);
  }

  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Remove profile"
        aria-describedby={`${ids}-text`}
        className="dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onClose();
          }
        }}
      >
        <h2 className="dialog-title">Remove profile</h2>
        <p id={`${ids}-text`}>
          This deletes the session, the encryption key and the cached data of {profile.origin} ({profile.username}) on this computer; nothing on
          Central Command changes.
        </p>
        {failure ? (
          <p className="error-panel error-inline" role="alert" data-testid="remove-profile-error">
            The profile was not removed: {failure.message}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button-danger" disabled={busy} onClick={() => void confirm()}>
            Remove local data
          </button>
          <button type="button" ref={cancel} className="button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
