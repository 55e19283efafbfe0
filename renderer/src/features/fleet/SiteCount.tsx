import { pluralize } from '../../format/numbers.ts';

/**
 * "<N> sites", or "N of T sites" when a filter or search narrowed the list. Plain digits, no
 * grouping separators: scripts and screen readers read the number the same way in every locale.
 */
export function SiteCount({ shown, total, filtered }: { shown: number; total: number; filtered: boolean }) {
  const text = filtered
    ? `${shown} of ${total} ${pluralize(total, 'site')}`
    : `${shown} ${pluralize(shown, 'site')}`;
  return (
    <span className="site-count" data-testid="site-count" aria-live="polite">
      {text}
    </span>
  );
}
