import { useId } from 'react';
import { useReviewRefusal } from '../hooks/use-review-refusal.ts';
import { useConsoleStores, useSession } from '../stores/use-stores.ts';
import { ReviewRefusalNote } from './ReviewRefusalNote.tsx';

const OFFLINE_REASON = 'Offline: Central Command cannot be reached right now. The console syncs again once it is back.';

/** Starts a fleet sync now; the same action wherever fleet data is shown ("Sync now", a panel's "Refresh"). */
export function SyncNowButton({ label, sentenceOnScreen = false }: { label: string; sentenceOnScreen?: boolean }) {
  const stores = useConsoleStores();
  const offline = useSession((s) => s.snapshot?.connectivity === 'offline');
  const refusal = useReviewRefusal('sync:now');
  const noteId = useId();
  return (
    <>
      <ReviewRefusalNote id={noteId} text={refusal} spoken={!sentenceOnScreen} />
      <button
        type="button"
        className="button-secondary button-small"
        disabled={offline || refusal !== null}
        title={refusal ?? (offline ? OFFLINE_REASON : 'Fetch the latest fleet data from Central Command')}
        aria-describedby={refusal ? noteId : undefined}
        onClick={() => void stores.sync.getState().syncNow()}
      >
        {label}
      </button>
    </>
  );
}
