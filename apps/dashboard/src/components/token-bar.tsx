import { useEffect, useId, useState, type FormEvent } from 'react';
import { useArena } from '../context';

/** The API token: typed in, or taken from a `#token=…` link; kept in localStorage. */
export function TokenBar() {
  const { token, setToken } = useArena();
  const [draft, setDraft] = useState(token ?? '');
  const inputId = useId();
  useEffect(() => setDraft(token ?? ''), [token]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setToken(draft.trim() === '' ? null : draft.trim());
  };
  return (
    <form className="token-bar" onSubmit={submit} aria-label="API token">
      <label htmlFor={inputId}>Token</label>
      <input
        id={inputId}
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder="none"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        data-testid="token-input"
      />
      <button type="submit" data-testid="token-save">
        Save
      </button>
      {token && (
        <button
          type="button"
          onClick={() => setToken(null)}
          data-testid="token-clear"
          aria-label="Forget the token"
        >
          Clear
        </button>
      )}
      <span className="token-state" data-testid="token-state" aria-live="polite">
        {token ? 'token set' : 'no token'}
      </span>
    </form>
  );
}
