import { useRef, useState } from 'react';
import { useProfiles } from '../stores/use-stores.ts';
import { RemoveProfileDialog } from './RemoveProfileDialog.tsx';
import { SettingsDialog } from './SettingsDialog.tsx';

/** The header's Settings button and the dialogs it leads to. */
export function SettingsButton() {
  const activeProfile = useProfiles((s) => s.profiles.find((profile) => profile.active) ?? null);
  const [open, setOpen] = useState<'settings' | 'remove-local-data' | null>(null);
  const button = useRef<HTMLButtonElement>(null);

  function close() {
    setOpen(null);
    button.current?.focus();
  }

  return (
    <>
      <button
        type="button"
        ref={button}
        className="button-secondary button-small"
        aria-haspopup="dialog"
        onClick={() => setOpen('settings')}
        data-testid="open-settings"
      >
        Settings
      </button>
      {open === 'settings' ? <SettingsDialog onClose={close} onRemoveLocalData={activeProfile ? () => setOpen('remove-local-data') : null} /> : null}
      {open === 'remove-local-data' && activeProfile ? <RemoveProfileDialog profile={activeProfile} onClose={close} /> : null}
    </>
  );
}
