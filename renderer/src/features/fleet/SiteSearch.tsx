import { useEffect, useId, useRef, useState } from 'react';
import { useDebouncedEffect } from '../../hooks/use-debounced-effect.ts';

const SEARCH_DEBOUNCE_MS = 200;

function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Debounced site search; "/" focuses it from anywhere, Escape clears it. */
export function SiteSearch({ initial, onSearch }: { initial: string; onSearch(search: string): void }) {
  const [text, setText] = useState(initial);
  const field = useRef<HTMLInputElement>(null);
  const id = useId();

  useDebouncedEffect(text, SEARCH_DEBOUNCE_MS, onSearch);

  useEffect(() => {
    function focusOnSlash(event: KeyboardEvent) {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      event.preventDefault();
      field.current?.focus();
      field.current?.select();
    }
    document.addEventListener('keydown', focusOnSlash);
    return () => document.removeEventListener('keydown', focusOnSlash);
  }, []);

  return (
    <div className="search">
      <label htmlFor={id} className="visually-hidden">
        Search sites
      </label>
      <input
        id={id}
        ref={field}
        type="search"
        className="search-input"
        placeholder="Search sites"
        spellCheck={false}
        maxLength={200}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text !== '') {
            e.preventDefault();
            setText('');
          }
        }}
      />
      <kbd className="search-shortcut" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}
