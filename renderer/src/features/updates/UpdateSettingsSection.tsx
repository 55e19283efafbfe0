import { useEffect, useId } from 'react';
import { formatExactLocalTime } from '../../format/time.ts';
import { useConsoleStores } from '../../stores/use-stores.ts';
import { useReviewRefusal } from '../../hooks/use-review-refusal.ts';
import { ReviewRefusalNote } from '../../components/ReviewRefusalNote.tsx';
import { describeUpdate } from './describe-update.ts';
import { useUpdates } from './use-updates.ts';
import { InlineError } from '../../components/InlineError.tsx';

/** The Settings dialog's view of updates: version, channel, where the update stands, and "Check now". */
export function UpdateSettingsSection() {
  const store = useConsoleStores().updates;
  const update = useUpdates((s) => s.update);
  const requesting = useUpdates((s) => s.requesting);
  const requestError = useUpdates((s) => s.requestError);
  const ids = useId();
  const checkRefusal = useReviewRefusal('update:check');

  useEffect(() => {
    void store.getState().load();
  }, [store]);

  if (!update) return null;
  const canCheck = update.phase === 'idle' || update.phase === 'up-to-date' || update.phase === 'error';

  return (
    <section className="settings-section" aria-labelledby={`${ids}-updates`} data-testid="update-settings">
      <h3 id={`${ids}-updates`} className="settings-section-title">
        Updates
      </h3>
      <p className="field-hint">
        Version {update.currentVersion}
        {update.channel ? ` · ${update.channel === 'latest' ? 'stable' : update.channel} channel` : ''}. Only releases signed by the publisher are installed, never an older version.
      </p>
      <p data-testid="update-settings-status" data-phase={update.phase}>
        {describeUpdate(update)}
        {update.lastCheckedAt ? <span className="muted"> Last checked {formatExactLocalTime(update.lastCheckedAt)}.</span> : null}
      </p>
      <InlineError message={requestError?.message} />
      {update.phase !== 'unsupported' ? (
        <div>
          <button
            type="button"
            className="button-secondary"
            disabled={!canCheck || requesting || checkRefusal !== null}
            aria-describedby={checkRefusal ? `${ids}-check-refusal` : undefined}
            onClick={() => void store.getState().check()}
            data-testid="update-check-now"
          >
            Check for updates
          </button>{' '}
          <ReviewRefusalNote id={`${ids}-check-refusal`} text={checkRefusal} />
        </div>
      ) : null}
    </section>
  );
}
