import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import type { ChannelOutput } from '#shared/ipc/contract.ts';
import { createWindowedListStore, type WindowedListState } from '../../kit/windowed-list-store.ts';
import { toErrorPayload } from '../../format/errors.ts';
import { readingOf, sameReading, type SearchReading } from './search-reading.ts';
import { sinceFirstIncident } from './histogram-series.ts';
import { MOST_CHART_DAYS, chartDaysFor, groupSearch, sameListQuery, type GroupBy, type IncidentListQuery, type IncidentSortKey, type OpenGroup } from './incident-list-query.ts';

export type IncidentPage = ChannelOutput<'incidents:query'>;
export type IncidentRow = IncidentPage['rows'][number];
export type IncidentFacets = ChannelOutput<'incidents:facets'>;
/** Days the time range "All" shows at least, when the cache's incidents are all more recent. */
const ALL_MINIMUM_DAYS = 14;

export type IncidentHistogram = ChannelOutput<'incidents:histogram'>;
export type IncidentDetail = NonNullable<ChannelOutput<'incidents:open'>>;
export type SavedView = ChannelOutput<'incidents:views'>['views'][number];

export type { SearchReading } from './search-reading.ts';

export type IncidentListStore = StoreApi<WindowedListState<IncidentListQuery, IncidentRow>>;

/** Where the technician is inside the incidents view; app state, never the URL. */
export interface IncidentRoute {
  incidentId: string | null;
  viewId: string | null;
  group: OpenGroup | null;
}

export interface IncidentsState {
  /** The incidents view is on screen (the console's navigation). */
  active: boolean;
  route: IncidentRoute;
  /** The technician's text: the one source of truth for every filter. */
  search: string;
  sortBy: IncidentSortKey;
  sortDir: 'asc' | 'desc';
  groupBy: GroupBy | null;
  /** The rows on screen, a window at a time. */
  list: IncidentListStore;
  reading: SearchReading | null;
  /** The text `reading` answers (the list's query, group filter included). */
  readingSearch: string | null;
  facets: IncidentFacets | null;
  facetsError: ConsoleErrorPayload | null;
  histogram: IncidentHistogram | null;
  histogramError: ConsoleErrorPayload | null;
  views: readonly SavedView[];
  viewsError: ConsoleErrorPayload | null;
  detail: IncidentDetail | null;
  /** incidents:open answered null: the incident is not (or no longer) in the cache. */
  detailMissing: boolean;
  detailError: ConsoleErrorPayload | null;
  show(): void;
  leave(): void;
  setSearch(text: string): void;
  sort(key: IncidentSortKey): void;
  setGroupBy(groupBy: GroupBy | null): void;
  openGroup(group: OpenGroup | null): void;
  openIncident(incidentId: string): Promise<void>;
  closeIncident(): void;
  loadViews(): Promise<void>;
  /** Saves the current query, sort and grouping under a name (a new view, or `id`'s when given). */
  saveView(name: string, id?: string): Promise<boolean>;
  /** Renames a view, keeping its own query, sort and grouping. */
  renameView(id: string, name: string): Promise<boolean>;
  deleteView(id: string): Promise<void>;
  openView(id: string): void;
  /** The cache changed: refetch what is on screen, keeping selection and focus. */
  reload(): void;
  clear(): void;
}

/** Typing waits this long before core is asked for counts and the chart; the list itself follows every key. */
const SUMMARY_DELAY_MS = 150;
const WINDOW_SIZE = 100;

const NO_ROUTE: IncidentRoute = { incidentId: null, viewId: null, group: null };

/** Before the view was first opened, and again after the session ends: nothing of the previous profile's. */
const EMPTY = {
  active: false,
  route: NO_ROUTE,
  search: '',
  sortBy: 'createdAt',
  sortDir: 'desc',
  groupBy: null,
  reading: null,
  readingSearch: null,
  facets: null,
  facetsError: null,
  histogram: null,
  histogramError: null,
  views: [],
  viewsError: null,
  detail: null,
  detailMissing: false,
  detailError: null,
} as const satisfies Omit<IncidentsState, 'list' | FunctionKeys<IncidentsState>>;

type FunctionKeys<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

export function createIncidentsStore(client: ContractClient) {
  // Each kind of answer has its own ticket: only the newest request of a kind writes, and nothing after clear().
  let facetsTicket = 0;
  let histogramTicket = 0;
  let detailTicket = 0;
  let viewsTicket = 0;
  let summaryTimer: ReturnType<typeof setTimeout> | null = null;
  // The chart's range is the text's age filter as core read it: it waits for the list's answer to the current text.
  let histogramWaitsForReading = false;

  return createStore<IncidentsState>()((set, get) => {
    const list = createWindowedListStore<IncidentListQuery, IncidentRow>(
      {
        async fetchWindow(query, window) {
          const page = await client.call('incidents:query', {
            filters: {},
            search: query.search,
            sortBy: query.sortBy,
            sortDir: query.sortDir,
            window: { offset: window.offset },
            limit: window.limit,
          });
          if (sameListQuery(query, get().list.getState().query)) {
            const reading = readingOf(page);
            if (!sameReading(get().reading, reading) || get().readingSearch !== query.search) set({ reading, readingSearch: query.search });
            if (histogramWaitsForReading) {
              histogramWaitsForReading = false;
              void loadHistogram();
            }
          }
          return { rows: page.rows, offset: page.offset, total: page.total };
        },
        rowKey: (row) => row.id,
      },
      { windowSize: WINDOW_SIZE },
    );

    function listQuery(): IncidentListQuery {
      const { search, sortBy, sortDir, route } = get();
      return { search: groupSearch(search, route.group), sortBy, sortDir };
    }

    async function loadFacets() {
      const ticket = ++facetsTicket;
      try {
        const facets = await client.call('incidents:facets', { filters: {}, search: get().search });
        if (ticket === facetsTicket) set({ facets, facetsError: null });
      } catch (caught) {
        if (ticket === facetsTicket) set({ facetsError: toErrorPayload(caught) });
      }
    }

    async function loadHistogram() {
      const { reading, readingSearch } = get();
      const search = listQuery().search;
      if (reading === null || readingSearch !== search) {
        histogramWaitsForReading = true;
        return;
      }
      const ticket = ++histogramTicket;
      const days = chartDaysFor(reading.filters);
      try {
        const answered = await client.call('incidents:histogram', { search, days: days ?? MOST_CHART_DAYS });
        // "All" is shown from the first day with incidents, not from a year before them.
        const histogram = days === null ? { ...answered, days: sinceFirstIncident(answered.days, ALL_MINIMUM_DAYS) } : answered;
        if (ticket === histogramTicket) set({ histogram, histogramError: null });
      } catch (caught) {
        if (ticket === histogramTicket) set({ histogramError: toErrorPayload(caught) });
      }
    }

    function refreshList() {
      list.getState().setQuery(listQuery());
    }

    function scheduleSummaries() {
      if (summaryTimer !== null) clearTimeout(summaryTimer);
      summaryTimer = setTimeout(() => {
        summaryTimer = null;
        if (!get().active) return;
        void loadFacets();
        void loadHistogram();
      }, SUMMARY_DELAY_MS);
    }

    function requery() {
      if (!get().active) return;
      refreshList();
      scheduleSummaries();
    }

    async function fetchDetail(incidentId: string) {
      const ticket = ++detailTicket;
      try {
        const detail = await client.call('incidents:open', { incidentId });
        if (ticket !== detailTicket) return;
        set(detail ? { detail, detailMissing: false, detailError: null } : { detail: null, detailMissing: true, detailError: null });
      } catch (caught) {
        if (ticket === detailTicket) set({ detailError: toErrorPayload(caught) });
      }
    }

    async function changeViews(action: () => Promise<{ views: SavedView[] }>): Promise<boolean> {
      const ticket = ++viewsTicket;
      try {
        const { views } = await action();
        if (ticket === viewsTicket) set({ views, viewsError: null });
        return true;
      } catch (caught) {
        if (ticket === viewsTicket) set({ viewsError: toErrorPayload(caught) });
        return false;
      }
    }

    return {
      ...EMPTY,
      list,
      show() {
        if (get().active) return;
        set({ active: true });
        refreshList();
        void loadFacets();
        void loadHistogram();
        void get().loadViews();
      },
      leave() {
        set({ active: false });
        get().closeIncident();
      },
      setSearch(text) {
        if (text === get().search) return;
        set({ search: text });
        requery();
      },
      sort(key) {
        const { sortBy, sortDir } = get();
        // The same column again turns the order round; a new column starts where it reads best (newest, most severe first).
        set(key === sortBy ? { sortDir: sortDir === 'asc' ? 'desc' : 'asc' } : { sortBy: key, sortDir: key === 'createdAt' || key === 'severity' ? 'desc' : 'asc' });
        if (get().active) refreshList();
      },
      setGroupBy(groupBy) {
        set({ groupBy, route: { ...get().route, group: null } });
        requery();
      },
      openGroup(group) {
        set({ route: { ...get().route, group } });
        requery();
      },
      async openIncident(incidentId) {
        set({ route: { ...get().route, incidentId }, detail: null, detailMissing: false, detailError: null });
        await fetchDetail(incidentId);
      },
      closeIncident() {
        detailTicket++;
        set({ route: { ...get().route, incidentId: null }, detail: null, detailMissing: false, detailError: null });
      },
      loadViews: () => changeViews(() => client.call('incidents:views')).then(() => undefined),
      saveView(name, id) {
        const { search, sortBy, sortDir, groupBy } = get();
        return changeViews(async () => {
          const answer = await client.call('incidents:saveView', { ...(id ? { id } : {}), name: name.trim(), search, sortBy, sortDir, groupBy });
          // A new view becomes the open one: its route is the view.
          const saved = id ?? answer.views.find((view) => view.name === name.trim())?.id ?? null;
          set({ route: { ...get().route, viewId: saved } });
          return answer;
        });
      },
      renameView(id, name) {
        const view = get().views.find((candidate) => candidate.id === id);
        if (!view) return Promise.resolve(false);
        const { search, sortBy, sortDir, groupBy } = view;
        return changeViews(() => client.call('incidents:saveView', { id, name: name.trim(), search, sortBy, sortDir, groupBy }));
      },
      async deleteView(id) {
        const deleted = await changeViews(() => client.call('incidents:deleteView', { id }));
        if (deleted && get().route.viewId === id) set({ route: { ...get().route, viewId: null } });
      },
      openView(id) {
        const view = get().views.find((candidate) => candidate.id === id);
        if (!view) return;
        set({ search: view.search, sortBy: view.sortBy, sortDir: view.sortDir, groupBy: view.groupBy, route: { incidentId: null, viewId: id, group: null } });
        requery();
      },
      reload() {
        if (!get().active) return;
        list.getState().reload();
        scheduleSummaries();
        const { incidentId } = get().route;
        if (incidentId !== null) void fetchDetail(incidentId);
      },
      clear() {
        facetsTicket++;
        histogramTicket++;
        detailTicket++;
        viewsTicket++;
        if (summaryTimer !== null) clearTimeout(summaryTimer);
        summaryTimer = null;
        histogramWaitsForReading = false;
        list.getState().clear();
        set(EMPTY);
      },
    };
  });
}
