import { useConsoleStores, useSession } from '../stores/use-stores.ts';

const OFFLINE_REASON = 'Offline: Central Command cannot be reached right now. The console syncs again once it is back.';

/** Starts a fleet sync now; the same action wherever fleet data is shown ("Sync now", a panel's "Refresh"). */
export function SyncNowButton({ label }: { label: string }) {
  const stores = useConsoleStores();
  const offline = useSession((s) => s.snapshot?.connectivity === 'offline');
  return (
    <button
      type="button"
      className="button-secondary button-small"
      disabled={offline}
      title={offline ? OFFLINE_REASON : 'Fetch the latest fleet data from Central Command'}
      onClick={() => void stores.sync.getState().syncNow()}
    >
      {label}
    </button>
  );
}
