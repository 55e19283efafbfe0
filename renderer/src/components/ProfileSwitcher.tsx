import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { ProfileSummary } from '#shared/ipc/contract.ts';
import { useConsoleStores, useProfiles, useSession } from '../stores/use-stores.ts';
import { RemoveProfileDialog } from './RemoveProfileDialog.tsx';

function focusItem(menu: HTMLElement | null, pick: (items: HTMLElement[], current: number) => number) {
  if (!menu) return;
  const items = Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitem"]'));
  if (items.length === 0) return;
  const current = items.indexOf(document.activeElement as HTMLElement);
  items[(pick(items, current) + items.length) % items.length]?.focus();
}

/** The header's server/account button: switch profiles, add one, or remove one's local data (after asking). */
export function ProfileSwitcher() {
  const stores = useConsoleStores();
  const origin = useSession((s) => s.snapshot?.server?.origin ?? null);
  const user = useSession((s) => s.snapshot?.user ?? null);
  const busy = useSession((s) => s.busy);
  const profiles = useProfiles((s) => s.profiles);
  const [open, setOpen] = useState(false);
  const [removing, setRemoving] = useState<ProfileSummary | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const ids = useId();

  useEffect(() => {
    void stores.profiles.getState().load();
  }, [stores]);

  // Closes on a click anywhere outside the switcher.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: MouseEvent) => {
      if (wrapper.current && event.target instanceof Node && !wrapper.current.contains(event.target)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointerDown);
    return () => document.removeEventListener('mousedown', onPointerDown);
  }, [open]);

  useEffect(() => {
    if (open) focusItem(menu.current, () => 0);
  }, [open]);

  function closeMenu() {
    setOpen(false);
    button.current?.focus();
  }

  function toggle() {
    if (!open) void stores.profiles.getState().load();
    setOpen(!open);
  }

  async function choose(profile: ProfileSummary) {
    setOpen(false);
    if (profile.active) return;
    await stores.session.getState().switchProfile(profile.id);
    await stores.profiles.getState().load();
  }

  async function add() {
    setOpen(false);
    await stores.session.getState().addProfile();
    await stores.profiles.getState().load();
  }

  function askToRemove(profile: ProfileSummary) {
    setOpen(false);
    setRemoving(profile);
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        closeMenu();
        break;
      case 'ArrowDown':
        event.preventDefault();
        focusItem(menu.current, (_, current) => current + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        focusItem(menu.current, (_, current) => (current < 0 ? -1 : current - 1));
        break;
      case 'Home':
        event.preventDefault();
        focusItem(menu.current, () => 0);
        break;
      case 'End':
        event.preventDefault();
        focusItem(menu.current, (items) => items.length - 1);
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  }

  return (
    <div className="profile-switcher" ref={wrapper}>
      <button
        type="button"
        ref={button}
        className="profile-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${ids}-menu` : undefined}
        title="Central Command server and account — switch, add or remove"
        disabled={busy}
        onClick={toggle}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {origin ? (
          <span className="header-origin" title="Central Command server">
            {origin}
          </span>
        ) : null}
        {user ? (
          <span className="header-user" title={user.username}>
            <span className="header-user-name">{user.displayName}</span>
            <span className="header-user-role">{user.role}</span>
          </span>
        ) : null}
        <span className="profile-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div id={`${ids}-menu`} ref={menu} role="menu" aria-label="Server profiles" className="profile-menu" onKeyDown={onMenuKeyDown}>
          {profiles.map((profile) => (
            <div key={profile.id} className="profile-menu-row" role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={profile.active ? 'profile-item profile-item-active' : 'profile-item'}
                aria-current={profile.active ? 'true' : undefined}
                onClick={() => void choose(profile)}
              >
                <span id={`${ids}-${profile.id}-origin`} className="profile-item-origin">
                  {profile.origin}
                </span>
                <span className="profile-item-account">
                  <span>{profile.displayName}</span>
                  <span className="header-user-role">{profile.role}</span>
                  {profile.active ? <span className="profile-item-current">current</span> : null}
                </span>
                <span className={profile.hasSession ? 'profile-item-hint profile-hint-ok' : 'profile-item-hint'}>
                  {profile.hasSession ? 'password to unlock' : 'sign-in needed'}
                </span>
              </button>
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="profile-remove"
                // Named by account, not origin: the profile's own item is the one found by its server address.
                aria-label={`Remove ${profile.displayName} (${profile.username})…`}
                aria-describedby={`${ids}-${profile.id}-origin`}
                onClick={() => askToRemove(profile)}
              >
                Remove…
              </button>
            </div>
          ))}
          <div className="profile-menu-separator" role="separator" />
          <button type="button" role="menuitem" tabIndex={-1} className="profile-item profile-add" onClick={() => void add()}>
            Add a server or account…
          </button>
        </div>
      ) : null}
      {removing ? (
        <RemoveProfileDialog
          profile={removing}
          onClose={() => {
            setRemoving(null);
            button.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
}
