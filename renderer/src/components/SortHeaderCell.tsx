/** A table's column header: a button that sorts by the column when it has a sort key, with the direction shown. */
export function SortHeaderCell<Key extends string>({
  label,
  sortKey,
  sortBy,
  sortDir,
  onSort,
  className,
}: {
  label: string;
  sortKey: Key | undefined;
  sortBy: Key;
  sortDir: 'asc' | 'desc';
  onSort(key: Key): void;
  className: string;
}) {
  const ariaSort = sortKey === undefined ? undefined : sortKey !== sortBy ? 'none' : sortDir === 'asc' ? 'ascending' : 'descending';
  return (
    <div role="columnheader" aria-sort={ariaSort} className={className}>
      {sortKey !== undefined ? (
        <button type="button" className="sort-button" onClick={() => onSort(sortKey)}>
          {label}
          {ariaSort === 'ascending' || ariaSort === 'descending' ? (
            <span className="sort-indicator" aria-hidden="true">
              {ariaSort === 'ascending' ? '▲' : '▼'}
            </span>
          ) : null}
        </button>
      ) : (
        label
      )}
    </div>
  );
}
