import { useEffect, useId, useRef } from 'react';
import { describeKey, KEY_MAP } from './keyboard-map.ts';

/** The keys of the incident view (opened with `?`). */
export function KeyboardHelp({ onClose }: { onClose(): void }) {
  const titleId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="dialog keyboard-help"
        data-testid="keyboard-help"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape' || event.key === '?') {
            event.preventDefault();
            event.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id={titleId} className="dialog-title">
          Keyboard
        </h2>
        <dl className="key-list">
          {KEY_MAP.map((entry) => (
            <div className="key-entry" key={entry.action}>
              <dt>
                {entry.keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 ? <span className="muted"> or </span> : null}
                    <kbd>{describeKey(key)}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{entry.says}</dd>
            </div>
          ))}
        </dl>
        <div className="dialog-actions">
          <button ref={closeButton} type="button" className="button-secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
