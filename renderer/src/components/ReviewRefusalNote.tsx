/**
 * The sentence beside a control a review disables, so it is read on screen and announced with the
 * control. `spoken` keeps it for screen readers only, where the same sentence is already on screen
 * (a panel's Refresh is the status bar's Sync now).
 */
export function ReviewRefusalNote({ id, text, spoken = false }: { id: string; text: string | null; spoken?: boolean }) {
  if (text === null) return null;
  return (
    <span id={id} className={spoken ? 'review-refusal visually-hidden' : 'review-refusal'} data-testid="review-refusal">
      {text}
    </span>
  );
}
