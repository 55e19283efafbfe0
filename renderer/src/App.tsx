import { useActivityReporter } from './hooks/use-activity-reporter.ts';
import { FleetView } from './features/fleet/index.ts';
import { LockScreen } from './views/LockScreen.tsx';
import { SignInView } from './views/SignInView.tsx';
import { SitePage } from './features/sites/index.ts';
import { StartupView } from './views/StartupView.tsx';
import { TotpView } from './views/TotpView.tsx';
import { useSession } from './stores/use-stores.ts';
import { useSite } from './features/sites/index.ts';

/** One view per session state; core owns the state, the renderer only follows it. */
export function App() {
  const state = useSession((s) => s.snapshot?.state ?? null);
  const openSiteId = useSite((s) => s.openSiteId);
  useActivityReporter();
  switch (state) {
    case null:
      return <StartupView />;
    case 'signed-in':
    case 'reviewing':
      // The same pages over the cache; reviewing, the header says so and what needs the server is disabled.
      // Keyed so another site starts from a fresh page.
      return openSiteId === null ? <FleetView /> : <SitePage key={openSiteId} siteId={openSiteId} />;
    case 'mfa-required':
      return <TotpView />;
    case 'locked':
      return <LockScreen />;
    case 'signed-out':
    case 'expired':
      // Keyed so a new sign-in attempt starts from a clean form (prefilled from the snapshot).
      return <SignInView key={state} />;
  }
}
