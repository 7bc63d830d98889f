import { ConnectionIndicator } from '../components/connection-indicator';
import { ForkControl } from '../components/fork-control';
import { GameControls } from '../components/game-controls';
import { GameBoard } from '../components/game-board';
import { GameSummary } from '../components/game-summary';
import { useArena } from '../context';
import { canFork } from '../fork';
import { href } from '../route';
import { useGameStream } from '../use-game-stream';

/** A game, live: transcript, standings and the spectator panel, updated through SSE. */
export function GamePage({ gameId }: { gameId: string }) {
  const { token } = useArena();
  const { model, status, detail, reconnect } = useGameStream(gameId, token);

  return (
    <section className="game" data-testid="game-page" data-game-id={gameId}>
      <div className="page-head">
        <h1>
          {model ? model.scenario.title : 'Game'} <span className="muted">{gameId}</span>
        </h1>
        <ConnectionIndicator status={status} detail={detail} />
        {model && (
          <span
            className={`status status-${model.status}`}
            data-testid="game-status"
            data-status={model.status}
          >
            {model.status}
          </span>
        )}
      </div>
      {status === 'unauthorized' && (
        <p className="error" role="alert" data-testid="stream-error">
          Unauthorized (401): reading this game needs a valid API token. Enter it in the Token field
          above.{' '}
          <button type="button" onClick={reconnect}>
            Retry
          </button>
        </p>
      )}
      {status === 'not_found' && (
        <p className="error" role="alert" data-testid="stream-error">
          There is no game {gameId}. <a href="#/games">Back to the games</a>.
        </p>
      )}
      {model && (
        <>
          <GameSummary model={model} />
          <div className="toolbar">
            <GameControls gameId={gameId} running={model.status === 'running'} />
            <a
              className="button"
              href={href({ page: 'replay', id: gameId })}
              data-testid="replay-link"
            >
              Replay
            </a>
            <a
              className="button"
              href={`/games/${encodeURIComponent(gameId)}/export?format=html`}
              target="_blank"
              rel="noreferrer"
            >
              Export
            </a>
            {canFork(model) && (
              <ForkControl
                gameId={gameId}
                status={model.status}
                turn={model.turn}
                players={model.players}
              />
            )}
          </div>
          <GameBoard model={model} />
        </>
      )}
    </section>
  );
}
