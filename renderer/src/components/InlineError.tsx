/** A failure said where it happened (beside the control or the list it concerns); nothing when there is none. */
export function InlineError({ message, testId }: { message: string | null | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <p className="error-panel error-inline" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}
