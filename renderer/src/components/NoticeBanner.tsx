/** A calm, non-error sentence from core, e.g. why the session ended. */
export function NoticeBanner({ text }: { text: string }) {
  return (
    <p className="notice-banner" role="status">
      {text}
    </p>
  );
}
