import { useConsoleStores, useSession } from '../stores/use-stores.ts';
import { BrandMark } from './BrandMark.tsx';
import { NoticeBanner } from './NoticeBanner.tsx';

export function ConsoleHeader() {
  const stores = useConsoleStores();
  const origin = useSession((s) => s.snapshot?.server?.origin ?? null);
  const user = useSession((s) => s.snapshot?.user ?? null);
  const busy = useSession((s) => s.busy);
  // What core wants the technician to know while signed in, e.g. that the local cache was rebuilt.
  const notice = useSession((s) => s.snapshot?.notice ?? null);

  return (
    <>
    <header className="console-header">
      <BrandMark />
      {origin ? (
        <span className="header-origin" title="Central Command server">
          {origin}
        </span>
      ) : null}
      <span className="header-spacer" />
      {user ? (
        <span className="header-user" title={user.username}>
          <span className="header-user-name">{user.displayName}</span>
          <span className="header-user-role">{user.role}</span>
        </span>
      ) : null}
      <button type="button" className="button-secondary button-small" disabled={busy} onClick={() => void stores.session.getState().signOut()}>
        Sign out
      </button>
    </header>
    {notice ? <NoticeBanner text={notice} /> : null}
    </>
  );
}
