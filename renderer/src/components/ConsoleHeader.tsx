import { useConsoleStores, useSession } from '../stores/use-stores.ts';
import { BrandMark } from './BrandMark.tsx';
import { NoticeBanner } from './NoticeBanner.tsx';
import { ProfileSwitcher } from './ProfileSwitcher.tsx';

export function ConsoleHeader() {
  const stores = useConsoleStores();
  const busy = useSession((s) => s.busy);
  // What core wants the technician to know while signed in, e.g. that the local cache was rebuilt.
  const notice = useSession((s) => s.snapshot?.notice ?? null);

  return (
    <>
    <header className="console-header">
      <BrandMark />
      <ProfileSwitcher />
      <span className="header-spacer" />
      <button type="button" className="button-secondary button-small" disabled={busy} onClick={() => void stores.session.getState().signOut()}>
        Sign out
      </button>
    </header>
    {notice ? <NoticeBanner text={notice} /> : null}
    </>
  );
}
