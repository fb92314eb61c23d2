import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useApiKey } from '../../shared/api';

/**
 * Header disclosure for the optional bearer API key (server `TUNIX_API_KEYS`). The key is
 * write-only here: once saved it is never shown again, only "API key set".
 */
export function ApiKeyControl() {
  const { hasKey, setKey, clearKey } = useApiKey();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const toggle = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const panelId = useId();
  const inputId = useId();

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    setDraft('');
    toggle.current?.focus();
  };
  const onSave = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    setKey(draft);
    close();
  };
  const onClear = () => {
    clearKey();
    setDraft('');
    input.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  };

  return (
    <div className="api-key">
      <div className="api-key-bar">
        <button
          ref={toggle}
          type="button"
          className="api-key-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => (open ? close() : setOpen(true))}
        >
          API key
        </button>
        <span
          className={hasKey ? 'api-key-status api-key-set' : 'api-key-status'}
          data-testid="auth:key-status"
          aria-live="polite"
        >
          {hasKey ? 'API key set' : 'No API key'}
        </span>
      </div>
      {open && (
        <form id={panelId} className="api-key-form" onSubmit={onSave} onKeyDown={onKeyDown}>
          <label htmlFor={inputId}>API key</label>
          <input
            ref={input}
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            data-testid="auth:key-input"
            placeholder={hasKey ? 'Enter a new key to replace it' : 'Bearer key'}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <div className="actions">
            <button type="submit" data-testid="auth:key-save" disabled={!draft.trim()}>
              Save
            </button>
            <button type="button" data-testid="auth:key-clear" disabled={!hasKey} onClick={onClear}>
              Clear
            </button>
          </div>
          <p className="hint">Kept for this browser tab only (sessionStorage).</p>
        </form>
      )}
    </div>
  );
}
