import { useEffect, useState, type RefObject } from 'react';
import type { IncidentsState } from './incidents-store.ts';
import { actionOf } from './keyboard-map.ts';

interface IncidentKeys {
  helpOpen: boolean;
  closeHelp(): void;
  openHelp(): void;
  /** The row the keyboard last moved to, for the table to scroll into view. */
  cursorIndex: number | null;
}

/**
 * The view's keys on the whole page while it is shown: j/k or the arrows move the focus through the
 * list (by key, so a reload that moves rows keeps it), x selects, Enter opens, Esc closes, `/` searches.
 */
export function useIncidentKeys(incidents: () => IncidentsState, searchInput: RefObject<HTMLInputElement | null>): IncidentKeys {
  const [helpOpen, setHelpOpen] = useState(false);
  const [cursorIndex, setCursorIndex] = useState<number | null>(null);

  useEffect(() => {
    function move(step: number) {
      const list = incidents().list.getState();
      if (list.rowCount === 0) return;
      const current = list.focusedKey === null ? undefined : list.indexOfKey(list.focusedKey);
      const next = current === undefined ? 0 : Math.min(list.rowCount - 1, Math.max(0, current + step));
      setCursorIndex(next);
      const row = list.rowAt(next);
      if (row) list.focus(row.id);
    }

    function onKeyDown(event: KeyboardEvent) {
      if (helpOpen || event.defaultPrevented) return;
      const action = actionOf(event);
      if (action === null) return;
      const state = incidents();
      const list = state.list.getState();
      switch (action) {
        case 'next':
          move(1);
          break;
        case 'previous':
          move(-1);
          break;
        case 'select':
          if (list.focusedKey !== null) list.toggleSelected(list.focusedKey);
          break;
        case 'open':
          if (list.focusedKey === null) return;
          void state.openIncident(list.focusedKey);
          break;
        case 'close':
          if (state.route.incidentId !== null) state.closeIncident();
          else if (state.route.group !== null) state.openGroup(null);
          else if (list.selectedKeys.size > 0) list.clearSelection();
          else return;
          break;
        case 'search':
          searchInput.current?.focus();
          break;
        case 'help':
          setHelpOpen(true);
          break;
      }
      event.preventDefault();
    }

    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [incidents, searchInput, helpOpen]);

  return { helpOpen, closeHelp: () => setHelpOpen(false), openHelp: () => setHelpOpen(true), cursorIndex };
}
