import type { GameModel } from '../game-model';
import { href } from '../route';

const END_REASON: Record<string, string> = {
  solved: 'the problem was solved',
  one_survivor: 'one survivor remains',
  max_turns: 'the turn limit was reached',
  all_eliminated: 'every player was eliminated',
  aborted: 'it was aborted',
};

/** The game's scenario, progress, and how it ended. */
export function GameSummary({ model }: { model: GameModel }) {
  const winner = model.players.find((p) => p.id === model.ended?.winnerId);
  const speaker = model.players.find((p) => p.id === model.speakerId);
  return (
    <div className="game-summary">
      <p className="problem">{model.scenario.problem}</p>
      <p className="muted" data-testid="game-progress">
        Turn {model.turn} of {model.maxTurns} · round {model.round} · phase {model.phase} ·{' '}
        {model.mode} · {model.policy} · seed {model.seed}
        {speaker && model.status === 'running' && <> · {speaker.name} has the floor</>}
      </p>
      {model.forkOf && (
        <p className="muted" data-testid="forked-from" data-fork-of={model.forkOf.gameId}>
          Forked from{' '}
          <a href={href({ page: 'game', id: model.forkOf.gameId })}>{model.forkOf.gameId}</a> at
          turn {model.forkOf.turn}
        </p>
      )}
      {model.ended && (
        <p className="ended" data-testid="game-ended" role="status">
          The game ended because {END_REASON[model.ended.reason] ?? model.ended.reason}
          {winner ? `; ${winner.name} wins` : '; nobody wins'}.{' '}
          <span className="muted">{model.ended.detail}</span>
        </p>
      )}
    </div>
  );
}
