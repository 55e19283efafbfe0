import type { ReactNode, RefObject } from 'react';

interface PasswordFieldProps {
  id: string;
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  onChange: (value: string) => void;
  autoFocus: boolean;
  invalid?: boolean;
  testId?: string;
  /** A line under the field, announced with it. */
  hint?: ReactNode;
}

/** The password as sign-in and unlock ask for it: the value lives only in the view's own state. */
export function PasswordField({ id, inputRef, value, onChange, autoFocus, invalid = false, testId, hint }: PasswordFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>Password</label>
      <input
        id={id}
        ref={inputRef}
        type="password"
        autoComplete="current-password"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        aria-invalid={invalid ? true : undefined}
        data-testid={testId}
        autoFocus={autoFocus}
        required
      />
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
