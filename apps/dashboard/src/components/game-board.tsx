import { useState } from 'react';
import type { GameModel } from '../game-model';
import { SpectatorPanel } from './spectator-panel';
import { Standings } from './standings';
import { Transcript } from './transcript';

/**
 * A game as spectators see it, live or replayed: the transcript beside the standings, and the
 * spectator panel (scores over time, judge rationales, policy reasoning) behind its spoiler
 * toggle, which also shows the scores in the standings.
 */
export function GameBoard({ model }: { model: GameModel }) {
  const [spoilers, setSpoilers] = useState(false);
  return (
    <>
      <div className="game-grid">
        <div className="game-main">
          <h2>Transcript</h2>
          <Transcript model={model} follow />
        </div>
        <aside className="game-side">
          <Standings model={model} showScores={spoilers} />
        </aside>
      </div>
      <SpectatorPanel model={model} open={spoilers} onToggle={setSpoilers} />
    </>
  );
}
