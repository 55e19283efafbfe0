import { useEffect, useId, useRef } from 'react';
import type { ProfileSummary } from '#shared/ipc/contract.ts';
import { useConsoleStores, useProfiles } from '../stores/use-stores.ts';

/**
 * Asks before deleting a profile's local data (session, cache key, cached fleet) on this computer;
 * only "Remove local data" calls core, with the confirmation the contract demands.
 */
export function RemoveProfileDialog({ profile, onClose }: { profile: ProfileSummary; onClose: () => void }) {
  const stores = useConsoleStores();
  const busy = useProfiles((s) => s.busy);
  const cancel = useRef<HTMLButtonElement>(null);
  const ids = useId();

  useEffect(() => {
    cancel.current?.focus();
  }, []);

  async function confirm() {
    await stores.profiles.getState().remove(profile.id);
    onClose();
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
