import { useState, type FormEvent } from 'react';
import { useConsoleStores } from '../../stores/use-stores.ts';
import { useReviewRefusal } from '../../hooks/use-review-refusal.ts';
import { useIncidents } from './use-incidents.ts';
import { InlineError } from '../../components/InlineError.tsx';

/** The profile's saved views: open one, save the current query under a name, rename, delete. */
export function SavedViews() {
  const stores = useConsoleStores();
  const views = useIncidents((s) => s.views);
  const openId = useIncidents((s) => s.route.viewId);
  const error = useIncidents((s) => s.viewsError);
  const [editing, setEditing] = useState<{ id: string | null; name: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const openView = views.find((view) => view.id === openId) ?? null;
  const search = useIncidents((s) => s.search);
  const sortBy = useIncidents((s) => s.sortBy);
  const sortDir = useIncidents((s) => s.sortDir);
  const groupBy = useIncidents((s) => s.groupBy);
  const edited = openView !== null && (openView.search !== search || openView.sortBy !== sortBy || openView.sortDir !== sortDir || openView.groupBy !== groupBy);
  const incidents = stores.incidents.getState;
  // Reviewing offline the views open, but saving one waits for a sign-in.
  const saveRefused = useReviewRefusal('incidents:saveView');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    const saved = editing.id ? await incidents().renameView(editing.id, editing.name) : await incidents().saveView(editing.name);
    if (saved) setEditing(null);
  }

  return (
    <section className="saved-views" aria-label="Saved views">
      <div className="saved-views-head">
        <h2 className="side-title">Saved views</h2>
        <button type="button" className="button-secondary button-small" disabled={saveRefused !== null} title={saveRefused ?? undefined} onClick={() => setEditing({ id: null, name: '' })} data-testid="save-view">
          Save view
        </button>
      </div>
      {editing ? (
        <form className="saved-view-form" onSubmit={(event) => void submit(event)}>
          <input
            className="saved-view-name"
            aria-label={editing.id ? 'New name for the view' : 'Name for the view'}
            maxLength={80}
            autoFocus
            value={editing.name}
            placeholder="e.g. Open critical, last 7 days"
            onChange={(event) => setEditing({ ...editing, name: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.stopPropagation();
                setEditing(null);
              }
            }}
          />
          <button type="submit" className="button-small" disabled={editing.name.trim() === ''}>
            {editing.id ? 'Rename' : 'Save'}
          </button>
        </form>
      ) : null}
      <InlineError message={error?.message} testId="saved-view-error" />
      {openView && edited ? (
        <p className="side-note">
          <span className="muted">Changed since “{openView.name}” was saved. </span>
          <button type="button" className="link-button" onClick={() => void incidents().saveView(openView.name, openView.id)}>
            Update it
          </button>
        </p>
      ) : null}
      {views.length === 0 ? <p className="muted side-note">A view keeps a search, its sort and grouping under a name, on this computer.</p> : null}
      <ul className="saved-view-list">
        {views.map((view) => (
          <li key={view.id} className={view.id === openId ? 'saved-view saved-view-open' : 'saved-view'}>
            <button type="button" className="saved-view-open-button" aria-current={view.id === openId ? 'true' : undefined} title={view.search || 'all incidents'} onClick={() => incidents().openView(view.id)}>
              {view.name}
            </button>
            <button type="button" className="icon-button" aria-label={`Rename ${view.name}`} title="Rename" onClick={() => setEditing({ id: view.id, name: view.name })}>
              ✎
            </button>
            {confirmDelete === view.id ? (
              <span className="saved-view-confirm">
                <button type="button" className="link-button danger" onClick={() => void incidents().deleteView(view.id).then(() => setConfirmDelete(null))}>
                  Delete
                </button>
                <button type="button" className="link-button" onClick={() => setConfirmDelete(null)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" className="icon-button" aria-label={`Delete ${view.name}`} title="Delete" onClick={() => setConfirmDelete(view.id)}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
