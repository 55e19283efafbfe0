import { Suspense } from 'react';
import { useActivityReporter } from './hooks/use-activity-reporter.ts';
import { LockScreen } from './views/LockScreen.tsx';
import { SignInView } from './views/SignInView.tsx';
import { StartupView } from './views/StartupView.tsx';
import { TotpView } from './views/TotpView.tsx';
import { useSession } from './stores/use-stores.ts';
import { SignedInScreens } from './signed-in-chunk.tsx';
import { ScreenLoadError } from './components/ScreenLoadError.tsx';

/** One view per session state; core owns the state, the renderer only follows it. */
export function App() {
  const state = useSession((s) => s.snapshot?.state ?? null);
  useActivityReporter();
  switch (state) {
    case null:
      return <StartupView />;
    // Reviewing: the same pages over the cache; the header says so and what needs the server is disabled.
    case 'signed-in':
    case 'reviewing':
      return (
        <ScreenLoadError>
          <Suspense fallback={<StartupView />}>
            <SignedInScreens />
          </Suspense>
        </ScreenLoadError>
      );
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
