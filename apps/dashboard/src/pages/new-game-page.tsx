import { useId, useState, type FormEvent } from 'react';
import { ApiError, describeError, type ContentItem } from '../api';
import { useArena } from '../context';
import { buildGameConfig, type NewGameForm } from '../new-game';
import { href } from '../route';
import { useAsync } from '../use-async';

const POLICIES = ['round-robin', 'weighted', 'bidding', 'adversarial'];
const MODES = ['competitive', 'cooperative', 'mixed'];

const INITIAL: NewGameForm = {
  scenario: '',
  players: [],
  model: '',
  seed: '',
  maxTurns: '40',
  policy: '',
  mode: '',
  extra: '',
};

/** Content the runner lists, or null when it has no such endpoint (then ids are typed). */
function useContent(load: () => Promise<ContentItem[]>, deps: readonly unknown[]) {
  const state = useAsync(async () => {
    try {
      return await load();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }, deps);
  return state;
}

/** Create a game: scenario, characters and options; then start it (or only create it). */
export function NewGamePage() {
  const { api, token } = useArena();
  const [form, setForm] = useState<NewGameForm>(INITIAL);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const scenarios = useContent(() => api.scenarios(), [api, token]);
  const characters = useContent(() => api.characters(), [api, token]);
  const ids = {
    scenario: useId(),
    players: useId(),
    model: useId(),
    seed: useId(),
    maxTurns: useId(),
    policy: useId(),
    mode: useId(),
    extra: useId(),
  };
  const set = (patch: Partial<NewGameForm>) => setForm((f) => ({ ...f, ...patch }));
  const scenarioList = scenarios.state === 'ok' ? scenarios.value : null;
  const characterList = characters.state === 'ok' ? characters.value : null;

  const submit = async (start: boolean) => {
    const built = buildGameConfig(form);
    if (!built.ok) {
      setErrors(built.errors.map((e) => `${e.field}: ${e.message}`));
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const created = await api.createGame(built.config, start);
      window.location.hash = href({ page: 'game', id: created.id });
    } catch (error) {
      setErrors([describeError(error)]);
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void submit(submitter?.value !== 'create');
  };
  const toggle = (id: string, on: boolean) =>
    set({ players: on ? [...form.players, id] : form.players.filter((p) => p !== id) });

  return (
    <section data-testid="new-game-page">
      <h1>New game</h1>
      <form className="new-game" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={ids.scenario}>Scenario</label>
          {scenarioList ? (
            <select
              id={ids.scenario}
              value={form.scenario}
              onChange={(e) => set({ scenario: e.target.value })}
              data-testid="new-scenario"
              required
            >
              <option value="">Choose a scenario…</option>
              {scenarioList.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title ?? s.name ?? s.id}
                  {s.type ? ` (${s.type})` : ''}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={ids.scenario}
              value={form.scenario}
              onChange={(e) => set({ scenario: e.target.value })}
              placeholder="scenario id, e.g. city-water"
              data-testid="new-scenario"
              required
            />
          )}
        </div>
        <fieldset className="field">
          <legend>Players (2–20, in seat order)</legend>
          {characterList ? (
            <ul className="character-picker" data-testid="new-players">
              {characterList.map((c) => {
                const seat = form.players.indexOf(c.id);
                return (
                  <li key={c.id}>
                    <label>
                      <input
                        type="checkbox"
                        checked={seat >= 0}
                        onChange={(e) => toggle(c.id, e.target.checked)}
                        data-testid={`new-player-${c.id}`}
                      />
                      {c.name ?? c.id}
                      {c.archetype && <span className="muted small"> {c.archetype}</span>}
                      {seat >= 0 && <span className="badge"> seat {seat + 1}</span>}
                    </label>
                  </li>
                );
              })}
            </ul>
          ) : (
            <>
              <label htmlFor={ids.players}>Character ids, comma-separated</label>
              <input
                id={ids.players}
                value={form.players.join(', ')}
                onChange={(e) => set({ players: e.target.value.split(',').map((p) => p.trim()) })}
                placeholder="ada-quill, cassius-vell, juno-abara"
                data-testid="new-players-text"
              />
            </>
          )}
        </fieldset>
        {(scenarios.state === 'error' || characters.state === 'error') && (
          <p className="error" role="alert">
            {describeError(
              scenarios.state === 'error'
                ? scenarios.error
                : characters.state === 'error'
                  ? characters.error
                  : null,
            )}
          </p>
        )}
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.seed}>Seed</label>
            <input
              id={ids.seed}
              inputMode="numeric"
              value={form.seed}
              onChange={(e) => set({ seed: e.target.value })}
              placeholder="random"
              data-testid="new-seed"
            />
          </div>
          <div className="field">
            <label htmlFor={ids.maxTurns}>Max turns</label>
            <input
              id={ids.maxTurns}
              inputMode="numeric"
              value={form.maxTurns}
              onChange={(e) => set({ maxTurns: e.target.value })}
              data-testid="new-max-turns"
            />
          </div>
          <div className="field">
            <label htmlFor={ids.policy}>Turn policy</label>
            <select
              id={ids.policy}
              value={form.policy}
              onChange={(e) => set({ policy: e.target.value })}
              data-testid="new-policy"
            >
              <option value="">default</option>
              {POLICIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.mode}>Mode</label>
            <select
              id={ids.mode}
              value={form.mode}
              onChange={(e) => set({ mode: e.target.value })}
              data-testid="new-mode"
            >
              <option value="">default</option>
              {MODES.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.model}>Model for every seat</label>
            <input
              id={ids.model}
              value={form.model}
              onChange={(e) => set({ model: e.target.value })}
              placeholder="runner default (e.g. sim)"
              data-testid="new-model"
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.extra}>
            More settings (JSON merged into the config: rules, budgets, judge…)
          </label>
          <textarea
            id={ids.extra}
            rows={3}
            value={form.extra}
            onChange={(e) => set({ extra: e.target.value })}
            placeholder='{"rules": {"elimination": {"warmupRounds": 1}}}'
            spellCheck={false}
            data-testid="new-extra"
          />
        </div>
        {errors.length > 0 && (
          <div className="error" role="alert" data-testid="form-error">
            {errors.map((e, i) => (
              <p key={i}>{e}</p>
            ))}
          </div>
        )}
        <div className="actions">
          <button type="submit" value="start" disabled={busy} data-testid="new-create-start">
            Create and start
          </button>
          <button type="submit" value="create" disabled={busy} data-testid="new-create">
            Create only
          </button>
        </div>
      </form>
    </section>
  );
}
