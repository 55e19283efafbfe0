import { useConsoleStores, useSession } from '../stores/use-stores.ts';
import { BrandMark } from './BrandMark.tsx';
import { ConsoleNav } from './ConsoleNav.tsx';
import { IdleWarningBanner } from './IdleWarningBanner.tsx';
import { NoticeBanner } from './NoticeBanner.tsx';
import { ProfileSwitcher } from './ProfileSwitcher.tsx';
import { ReviewBanner } from './ReviewBanner.tsx';
import { SettingsButton } from './SettingsButton.tsx';
import { UpdateBanner } from '../features/updates/UpdateBanner.tsx';

export function ConsoleHeader() {
  const stores = useConsoleStores();
  const busy = useSession((s) => s.busy);
  // What core wants the technician to know while signed in, e.g. that the local cache was rebuilt.
  const notice = useSession((s) => s.snapshot?.notice ?? null);
  // Reviewing, the review banner carries core's sentence (e.g. that Central Command is reachable again).
  const reviewing = useSession((s) => s.snapshot?.state === 'reviewing');
  // A Lock, Sign out or profile switch that core refused: the console stays as it was, so say why here.
  const error = useSession((s) => s.error);

  return (
    // One box, so the shell's grid keeps the page in its own row whichever banners show.
    <div className="console-top">
      <header className="console-header">
        <BrandMark />
        <ProfileSwitcher />
        <ConsoleNav />
        <span className="header-spacer" />
        <SettingsButton />
        <button
          type="button"
          className="button-secondary button-small"
          disabled={busy}
          title="Lock the console now; your password unlocks it"
          onClick={() => void stores.session.getState().lock()}
          data-testid="lock-now"
        >
          Lock
        </button>
        <button type="button" className="button-secondary button-small" disabled={busy} onClick={() => void stores.session.getState().signOut()}>
          Sign out
        </button>
      </header>
      {error ? (
        <p className="error-panel error-inline" role="alert" data-testid="session-action-error" data-error-code={error.code}>
          {error.message}
        </p>
      ) : null}
      {notice && !reviewing ? <NoticeBanner text={notice} /> : null}
      <ReviewBanner />
      <IdleWarningBanner />
      <UpdateBanner />
    </div>
  );
}
