import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { applySuggestion, completionAt, type Completion, type FieldOptions } from './search-completion.ts';

interface SearchBoxProps {
  text: string;
  onChange(text: string): void;
  options: FieldOptions;
  inputRef: RefObject<HTMLInputElement | null>;
}

/**
 * The incident search: free words and field filters (`severity:`, `site:` …), completed as they are
 * typed from the values the cache holds. Arrow keys choose a suggestion, Enter or Tab takes it, Esc
 * closes the list (and a second Esc leaves the box).
 */
export function SearchBox({ text, onChange, options, inputRef }: SearchBoxProps) {
  const listId = useId();
  const [caret, setCaret] = useState<number | null>(null);
  const [chosen, setChosen] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const pendingCaret = useRef<number | null>(null);

  const completion: Completion | null = caret === null || dismissed ? null : completionAt(text, caret, options);
  const suggestions = completion?.suggestions ?? [];
  const active = Math.min(chosen, Math.max(0, suggestions.length - 1));

  useEffect(() => {
    const input = inputRef.current;
    if (input && pendingCaret.current !== null) {
      input.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  });

  function take(index: number) {
    if (!completion) return;
    const suggestion = completion.suggestions[index];
    if (!suggestion) return;
    const next = applySuggestion(text, completion, suggestion);
    pendingCaret.current = next.caret;
    setCaret(next.caret);
    setChosen(0);
    onChange(next.text);
  }

  return (
    <div className="incident-search">
      <input
        ref={inputRef}
        type="search"
        className="incident-search-input"
        role="combobox"
        aria-label="Search incidents"
        aria-expanded={suggestions.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={suggestions.length > 0 ? `${listId}-${active}` : undefined}
        placeholder="Search: words, host:ws-*, severity:critical, is:open, age:<7d …   ( / )"
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(event) => {
          setCaret(event.target.selectionStart);
          setChosen(0);
          setDismissed(false);
          onChange(event.target.value);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onBlur={() => setCaret(null)}
        onKeyDown={(event) => {
          if (suggestions.length > 0) {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const step = event.key === 'ArrowDown' ? 1 : -1;
              setChosen((active + step + suggestions.length) % suggestions.length);
              return;
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              event.preventDefault();
              take(active);
              return;
            }
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              setDismissed(true);
              return;
            }
          }
          if (event.key === 'Escape') {
            event.stopPropagation();
            event.currentTarget.blur();
          }
        }}
      />
      {suggestions.length > 0 ? (
        <ul className="search-suggestions" role="listbox" id={listId} aria-label="Suggestions">
          {suggestions.map((suggestion, index) => (
            <li
              key={suggestion.insert}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'search-suggestion search-suggestion-active' : 'search-suggestion'}
              // Before the input's blur, so the click lands on the list that is still there.
              onMouseDown={(event) => {
                event.preventDefault();
                take(index);
              }}
            >
              <span className="search-suggestion-label">{suggestion.label}</span>
              {suggestion.hint ? <span className="search-suggestion-hint">{suggestion.hint}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
