import { formatCount } from '../../format/numbers.ts';
import type { SearchReading } from './incidents-store.ts';

/** How the text was read: what the search covers (hostnames and drift only where details are cached), and notes on what was read differently than typed. */
export function SearchReadingLine({ reading, searching }: { reading: SearchReading | null; searching: boolean }) {
  if (!reading) return null;
  const { coverage, notes } = reading;
  return (
    <div className="search-reading" data-testid="search-reading">
      {searching || reading.searchTerms.length > 0 ? (
        <span className="muted" data-testid="search-coverage">
          Hostnames and drift searched where details are cached: {formatCount(coverage.detailsCached)} of {formatCount(coverage.incidents)} incidents
        </span>
      ) : null}
      {notes.map((note) => (
        <span className="search-note" role="note" key={note}>
          {note}
        </span>
      ))}
    </div>
  );
}
