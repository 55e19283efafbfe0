import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Settings } from '#shared/ipc/contract.ts';
import { IDLE_LOCK_MINUTES, MAX_OFFLINE_DAYS } from '#shared/ipc/console-limits.ts';
import { parseSettingsInput } from '../format/settings-input.ts';
import { PinnedCaSection } from './PinnedCaSection.tsx';
import { ReviewRefusalNote } from './ReviewRefusalNote.tsx';
import { useReviewRefusal } from '../hooks/use-review-refusal.ts';
import { useConsoleStores, useSettings } from '../stores/use-stores.ts';
import { UpdateSettingsSection } from '../features/updates/UpdateSettingsSection.tsx';
import { InlineError } from './InlineError.tsx';

interface SettingsDialogProps {
  onClose: () => void;
  /** Opens the confirmation for removing this server's local data; null when there is no active profile to remove. */
  onRemoveLocalData: (() => void) | null;
}

/** The console-wide settings core keeps (idle lock, offline unlock), and a way to remove this server's local data. */
export function SettingsDialog({ onClose, onRemoveLocalData }: SettingsDialogProps) {
  const stores = useConsoleStores();
  const settings = useSettings((s) => s.settings);
  const loading = useSettings((s) => s.loading);
  const error = useSettings((s) => s.error);
  const [saved, setSaved] = useState(false);
  const ids = useId();

  // Loaded on entering signed-in; a failed load gets another chance when the technician looks.
  useEffect(() => {
    const current = stores.settings.getState();
    if (current.settings === null && !current.loading) void current.load();
  }, [stores]);

  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${ids}-title`}
        className="dialog settings-dialog"
        data-testid="settings-dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onClose();
          }
        }}
      >
        <h2 id={`${ids}-title`} className="dialog-title">
          Settings
        </h2>
        {settings ? (
          // Keyed by the saved values: after a save (or a reload) the fields show what core now holds.
          <SettingsForm key={`${settings.idleLockMinutes}/${settings.maxOfflineDays}`} initial={settings} onSaved={() => setSaved(true)} onEdit={() => setSaved(false)} />
        ) : loading ? (
          <p className="muted" role="status">
            Loading settings…
          </p>
        ) : null}
        {saved ? (
          <p className="settings-saved" role="status">
            Settings saved.
          </p>
        ) : null}
        <InlineError message={error?.message} />

        <UpdateSettingsSection />
        <PinnedCaSection />

        <section className="settings-section" aria-labelledby={`${ids}-local`}>
          <h3 id={`${ids}-local`} className="settings-section-title">
            Local data
          </h3>
          <p className="field-hint">Deletes this server&apos;s session, encryption key and cached data on this computer. Nothing on Central Command changes.</p>
          <div>
            <button
              type="button"
              className="button-secondary"
              disabled={onRemoveLocalData === null}
              onClick={() => onRemoveLocalData?.()}
              data-testid="settings-remove-local-data"
            >
              Remove local data for this server…
            </button>
          </div>
        </section>

        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

interface SettingsFormProps {
  initial: Settings;
  onSaved: () => void;
  onEdit: () => void;
}

function SettingsForm({ initial, onSaved, onEdit }: SettingsFormProps) {
  const stores = useConsoleStores();
  const saving = useSettings((s) => s.saving);
  const [idleLockMinutes, setIdleLockMinutes] = useState(String(initial.idleLockMinutes));
  const [maxOfflineDays, setMaxOfflineDays] = useState(String(initial.maxOfflineDays));
  const [problem, setProblem] = useState<{ field: keyof Settings; text: string } | null>(null);
  const ids = useId();
  // The idle time and the offline window guard the lock: reviewing, changing them waits for a sign-in.
  const saveRefusal = useReviewRefusal('settings:set');

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving || saveRefusal) return;
    const parsed = parseSettingsInput(idleLockMinutes, maxOfflineDays);
    if (!parsed.ok) {
      setProblem({ field: parsed.field, text: parsed.problem });
      return;
    }
    setProblem(null);
    if (await stores.settings.getState().save(parsed.settings)) onSaved();
  }

  return (
    <form className="settings-form" onSubmit={save} noValidate>
      <NumberSetting
        id={`${ids}-idle`}
        before="Lock after"
        after="minutes without activity"
        bounds={IDLE_LOCK_MINUTES}
        value={idleLockMinutes}
        onChange={(value) => {
          setIdleLockMinutes(value);
          onEdit();
        }}
        invalid={problem?.field === 'idleLockMinutes'}
        testId="setting-idle-minutes"
        autoFocus
        hint={`${IDLE_LOCK_MINUTES.min}–${IDLE_LOCK_MINUTES.max} minutes (default ${IDLE_LOCK_MINUTES.default}). Unlocking asks for your password again.`}
      />
      <NumberSetting
        id={`${ids}-offline`}
        before="Allow offline unlock for"
        after="days after the last online sign-in"
        bounds={MAX_OFFLINE_DAYS}
        value={maxOfflineDays}
        onChange={(value) => {
          setMaxOfflineDays(value);
          onEdit();
        }}
        invalid={problem?.field === 'maxOfflineDays'}
        testId="setting-max-offline-days"
        hint={`${MAX_OFFLINE_DAYS.min}–${MAX_OFFLINE_DAYS.max} days (default ${MAX_OFFLINE_DAYS.default}). After that, unlocking needs Central Command.`}
      />

      <InlineError message={problem?.text} />
      <div>
        <button type="submit" className="button-primary" disabled={saving || saveRefusal !== null} aria-busy={saving} aria-describedby={saveRefusal ? `${ids}-save-refusal` : undefined} data-testid="settings-save">
          Save
        </button>{' '}
        <ReviewRefusalNote id={`${ids}-save-refusal`} text={saveRefusal} />
      </div>
    </form>
  );
}

interface NumberSettingProps {
  id: string;
  /** The sentence around the number, e.g. "Lock after" … "minutes without activity"; together they name the field. */
  before: string;
  after: string;
  bounds: { min: number; max: number };
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  testId: string;
  autoFocus?: boolean;
  hint: string;
}

function NumberSetting({ id, before, after, bounds, value, onChange, invalid, testId, autoFocus = false, hint }: NumberSettingProps) {
  return (
    <>
      <div className="settings-row">
        <span id={`${id}-before`}>{before}</span>
        <input
          type="number"
          inputMode="numeric"
          className="settings-number"
          min={bounds.min}
          max={bounds.max}
          step={1}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-labelledby={`${id}-before ${id}-after`}
          aria-describedby={`${id}-hint`}
          aria-invalid={invalid ? true : undefined}
          data-testid={testId}
          autoFocus={autoFocus}
        />
        <span id={`${id}-after`}>{after}</span>
      </div>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
    </>
  );
}
