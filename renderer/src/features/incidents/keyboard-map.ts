/** The incident view's keys, as the help dialog lists them and the handler reads them. */
export type IncidentKeyAction = 'next' | 'previous' | 'select' | 'open' | 'close' | 'search' | 'help';

export const KEY_MAP: ReadonlyArray<{ keys: readonly string[]; action: IncidentKeyAction; says: string }> = [
  { keys: ['j', 'ArrowDown'], action: 'next', says: 'Next incident' },
  { keys: ['k', 'ArrowUp'], action: 'previous', says: 'Previous incident' },
  { keys: ['x'], action: 'select', says: 'Select or unselect the incident' },
  { keys: ['Enter'], action: 'open', says: 'Open the incident' },
  { keys: ['Escape'], action: 'close', says: 'Close the incident, the group or this list' },
  { keys: ['/'], action: 'search', says: 'Search' },
  { keys: ['?'], action: 'help', says: 'Show these keys' },
];

const BY_KEY = new Map(KEY_MAP.flatMap((entry) => entry.keys.map((key) => [key, entry.action] as const)));

/** Where typing is text, keys are the text's own (Escape excepted, handled where it is typed). */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return type !== 'checkbox' && type !== 'radio' && type !== 'button';
}

/** The action a key press means here, or null when it is someone else's (typed text, a shortcut with a modifier, a button's Enter). */
export function actionOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): IncidentKeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event.target)) return null;
  const action = BY_KEY.get(event.key) ?? null;
  // Enter on a button or link is that control's own click.
  if (action === 'open' && event.target instanceof HTMLElement && (event.target.tagName === 'BUTTON' || event.target.tagName === 'A')) return null;
  return action;
}

export function describeKey(key: string): string {
  return { ArrowDown: '↓', ArrowUp: '↑', Escape: 'Esc' }[key] ?? key;
}
