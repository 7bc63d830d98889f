import { useId, useState } from 'react';
import type { GameModel } from '../game-model';
import { ScoreChart } from './score-chart';

const DIMENSION_LABEL = {
  novelty: 'Novelty',
  builds_on_others: 'Builds on others',
  solves_subproblem: 'Solves a sub-problem',
  radical_idea: 'Radical idea',
  manipulation: 'Manipulation',
} as const;

const RECENT = 40;

/**
 * What players never see, behind a spoiler toggle: scores over time, the judge's rationales
 * and the turn policy's reasoning. `open`/`onToggle` let the page show scores elsewhere too.
 */
export function SpectatorPanel({
  model,
  open,
  onToggle,
}: {
  model: GameModel;
  open: boolean;
  onToggle: (open: boolean) => void;
}) {
  const panelId = useId();
  const nameOf = (id: string) => model.players.find((p) => p.id === id)?.name ?? id;
  const [allScores, setAllScores] = useState(false);
  const scores = [...model.scores].reverse().slice(0, allScores ? undefined : RECENT);
  const policy = [...model.policyLog].reverse().slice(0, allScores ? undefined : RECENT);
  return (
    <section className="spectator" aria-label="Spectator view">
      <button
        type="button"
        className="spoiler-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => onToggle(!open)}
        data-testid="spoiler-toggle"
      >
        {open ? 'Hide spoilers' : 'Show spoilers: scores, judge and policy reasoning'}
      </button>
      <div id={panelId} hidden={!open} data-testid="spectator-panel">
        {open && (
          <>
            <h2>Scores over time</h2>
            <ScoreChart model={model} />
            <div className="columns">
              <div>
                <h2>Judge rationales</h2>
                {scores.length === 0 && <p className="empty">Nothing scored yet.</p>}
                <ol className="rationales" data-testid="rationales">
                  {scores.map((s) => (
                    <li key={s.seq} data-testid="rationale">
                      <details>
                        <summary>
                          Turn {s.turn} · {nameOf(s.playerId)} · {s.messageId} ·{' '}
                          <strong>
                            {s.points >= 0 ? '+' : ''}
                            {s.points.toFixed(3)}
                          </strong>{' '}
                          <span className="muted">
                            ({s.phase}, {s.judge}
                            {s.agreement !== null ? `, agreement ${s.agreement.toFixed(2)}` : ''})
                          </span>
                        </summary>
                        <dl>
                          {(
                            Object.keys(DIMENSION_LABEL) as Array<keyof typeof DIMENSION_LABEL>
                          ).map((d) => (
                            <div key={d}>
                              <dt>
                                {DIMENSION_LABEL[d]} {s.scores[d].toFixed(2)}
                              </dt>
                              <dd>{s.rationales[d]}</dd>
                            </div>
                          ))}
                        </dl>
                        {s.detectors.length > 0 && (
                          <p className="badge bad">Detectors: {s.detectors.join(', ')}</p>
                        )}
                      </details>
                    </li>
                  ))}
                </ol>
              </div>
              <div>
                <h2>Turn policy reasoning</h2>
                {policy.length === 0 && <p className="empty">No speaker chosen yet.</p>}
                <ol className="policy" data-testid="policy-reasoning">
                  {policy.map((p) => (
                    <li key={p.seq} data-testid="policy-entry">
                      <p>
                        Turn {p.turn}: <strong>{nameOf(p.playerId)}</strong>{' '}
                        <span className="muted">({p.policy})</span>
                      </p>
                      <p className="small">{p.reasoning}</p>
                      {p.bids.length > 0 && (
                        <p className="small muted">
                          Bids:{' '}
                          {p.bids
                            .map((b) => `${nameOf(b.playerId)} ${b.urgency.toFixed(2)}`)
                            .join(', ')}
                        </p>
                      )}
                    </li>
                  ))}
                </ol>
              </div>
            </div>
            {(model.scores.length > RECENT || model.policyLog.length > RECENT) && (
              <button type="button" onClick={() => setAllScores(!allScores)}>
                {allScores ? `Show the latest ${RECENT}` : 'Show all'}
              </button>
            )}
            <p className="muted small">
              Model calls: {model.usage.calls} · tokens: {model.usage.tokens} · cost: $
              {model.usage.usd.toFixed(4)} · proposals rejected by the gate: {model.rejections}
            </p>
          </>
        )}
      </div>
    </section>
  );
}
