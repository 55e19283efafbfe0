import type { WebSocket } from 'undici';
import { z } from 'zod';
import type { ActiveSession } from '../session/session-controller.ts';
import type { Log } from '../log.ts';
import type { HintTopic } from './sync-job.ts';

/** Frames as Central Command sends them; only hints that name a site are of use to the console. */
const HintFrameSchema = z.object({
  type: z.string(),
  payload: z.object({ site_id: z.string().optional(), incident_id: z.string().optional() }).passthrough().nullable().optional(),
});

/** Central Command's own web dashboard reconnects after 1, 2, 5, 10, 30 s; the console backs off the same way. */
export const RECONNECT_DELAYS_SECONDS = [1, 2, 5, 10, 30] as const;
const PING_SECONDS = 30;
const HINT_TYPES = new Set(['appliance_checkin', 'compliance_drift', 'site_decommissioned']);

export interface EventHintsOptions {
  session: () => ActiveSession | null;
  /** Hints about sites the cache does not hold are dropped: the socket is a hint channel, never an event log. */
  isKnownSite: (siteId: string) => Promise<boolean>;
  /**
   * A hint about one site (check-in, drift, decommissioned) or one incident (resolved, escalated,
   * suppressed), as it arrives: the composition root routes it to the open views and to the sync
   * jobs whose topic it is (the sync loop debounces those).
   */
  onHint: (topic: HintTopic, id: string) => void;
  /** 1008 = the server refused the token: the session is over. */
  onTokenRefused: () => void;
  log: Log;
}

/**
 * Listens to `/ws/events` while signed in and online. The socket is a hint channel, never an
 * event log (events are throttled and dropped by the server): a hint only triggers a refetch.
 */
export function createEventHints(options: EventHintsOptions) {
  let socket: WebSocket | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let pingTimer: NodeJS.Timeout | null = null;
  let attempt = 0;
  let wanted = false;

  function clearTimers() {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    if (pingTimer) clearTimeout(pingTimer);
    reconnectTimer = null;
    pingTimer = null;
  }

  function scheduleReconnect() {
    if (!wanted) return;
    const delay = RECONNECT_DELAYS_SECONDS[Math.min(attempt, RECONNECT_DELAYS_SECONDS.length - 1)]!;
    attempt += 1;
    reconnectTimer = setTimeout(connect, delay * 1000);
    reconnectTimer.unref?.();
  }

  function schedulePing(current: WebSocket) {
    pingTimer = setTimeout(() => {
      if (socket === current && current.readyState === current.OPEN) current.send('ping');
      schedulePing(current);
    }, PING_SECONDS * 1000);
    pingTimer.unref?.();
  }

  async function handle(data: unknown) {
    if (typeof data !== 'string') return;
    let frame: z.infer<typeof HintFrameSchema>;
    try {
      const parsed = HintFrameSchema.safeParse(JSON.parse(data));
      if (!parsed.success) return;
      frame = parsed.data;
    } catch {
      return;
    }
    const incidentId = frame.payload?.incident_id;
    if (frame.type.startsWith('incident_') && incidentId) options.onHint('incident', incidentId);
    const siteId = frame.payload?.site_id;
    if (!HINT_TYPES.has(frame.type) || !siteId) return;
    if (await options.isKnownSite(siteId)) options.onHint('site', siteId);
  }

  function connect() {
    reconnectTimer = null;
    const session = options.session();
    if (!wanted || !session) return;
    const current = session.api.openEvents(session.token);
    socket = current;
    current.addEventListener('open', () => {
      attempt = 0;
      schedulePing(current);
    });
    current.addEventListener('message', (event) => void handle((event as { data: unknown }).data));
    current.addEventListener('close', (event) => {
      if (socket !== current) return;
      socket = null;
      clearTimers();
      const code = (event as { code: number }).code;
      if (code === 1008) {
        options.log('warn', 'event hints refused the session');
        options.onTokenRefused();
        return;
      }
      scheduleReconnect();
    });
    // Errors are followed by 'close'; the URL carries the token, so it is never logged.
    current.addEventListener('error', () => options.log('warn', 'event hints connection failed'));
  }

  return {
    start(): void {
      if (wanted) return;
      wanted = true;
      attempt = 0;
      connect();
    },
    stop(): void {
      wanted = false;
      clearTimers();
      const current = socket;
      socket = null;
      current?.close();
    },
  };
}

export type EventHints = ReturnType<typeof createEventHints>;
