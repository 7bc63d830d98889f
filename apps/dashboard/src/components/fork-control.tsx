import { useId, useState, type FormEvent } from 'react';
import { useArena } from '../context';
import {
  buildForkRequest,
  forkErrorLines,
  forkRange,
  initialForkForm,
  type ForkForm,
} from '../fork';
import type { PlayerView } from '../game-model';
import { href } from '../route';

export interface ForkControlProps {
  gameId: string;
  status: 'running' | 'ended';
  turn: number;
  players: readonly PlayerView[];
}

/**
 * Fork the game: a new game from it as it stood after a turn, with another seed, models or
 * judges (each left empty keeps the source's). Needs the token; opens the new game's page.
 */
export function ForkControl({ gameId, status, turn, players }: ForkControlProps) {
  const { api } = useArena();
  const [form, setForm] = useState<ForkForm | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const source = { status, turn, players };
  const range = forkRange(source);

  const toggle = () => {
    setErrors([]);
    setForm((open) => (open ? null : initialForkForm(source)));
  };
  const set = (patch: Partial<ForkForm>) => setForm((f) => (f ? { ...f, ...patch } : f));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form) return;
    const built = buildForkRequest(source, form);
    if (!built.ok) {
      setErrors(built.errors.map((e) => `${e.path}: ${e.message}`));
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const forked = await api.fork(gameId, built.body);
      window.location.hash = href({ page: 'game', id: forked.id });
    } catch (error) {
      setErrors(forkErrorLines(error));
      setBusy(false);
    }
  };

  return (
    <div className="fork">
      <button
        type="button"
        aria-expanded={form !== null}
        aria-controls={formId}
        onClick={toggle}
        data-testid="fork-toggle"
      >
        Fork…
      </button>
      {form && (
        <form
          id={formId}
          className="fork-form"
          onSubmit={(e) => void onSubmit(e)}
          noValidate
          aria-label="Fork this game"
          data-testid="fork-form"
        >
          <p className="muted small">
            A new game that starts from this one as it stood after a turn. Empty fields keep this
            game&apos;s seed, models and judges.
          </p>
          <div className="field-row">
            <label className="field">
              Fork after turn ({range.min}–{range.max})
              <input
                type="number"
                inputMode="numeric"
                min={range.min}
                max={range.max}
                step={1}
                value={form.fromTurn}
                onChange={(e) => set({ fromTurn: e.target.value })}
                data-testid="fork-turn"
              />
            </label>
            <label className="field">
              Seed
              <input
                inputMode="numeric"
                value={form.seed}
                onChange={(e) => set({ seed: e.target.value })}
                placeholder="this game's"
                data-testid="fork-seed"
              />
            </label>
            <label className="field">
              Judges (model specs, comma-separated)
              <input
                value={form.judge}
                onChange={(e) => set({ judge: e.target.value })}
                placeholder="this game's panel"
                data-testid="fork-judge"
              />
            </label>
          </div>
          <fieldset className="field">
            <legend>Models</legend>
            <div className="field-row">
              {players.map((p) => (
                <label className="field" key={p.seat}>
                  Seat {p.seat} · {p.name}
                  <input
                    value={form.seats[p.seat] ?? ''}
                    onChange={(e) => set({ seats: { ...form.seats, [p.seat]: e.target.value } })}
                    placeholder={p.model}
                    data-testid={`fork-seat-${p.seat}`}
                  />
                </label>
              ))}
            </div>
          </fieldset>
          {errors.length > 0 && (
            <div className="error" role="alert" data-testid="fork-error">
              {errors.map((e, i) => (
                <p key={i}>{e}</p>
              ))}
            </div>
          )}
          <div className="actions">
            <button type="submit" disabled={busy} data-testid="fork-submit">
              {busy ? 'Forking…' : 'Fork and start'}
            </button>
            <button type="button" onClick={toggle} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
