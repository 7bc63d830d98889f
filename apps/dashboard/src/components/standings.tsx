import { standingsOf, type GameModel } from '../game-model';
import { Avatar } from './avatar';

/**
 * Standings: place, player, status and turns; points and standing only when `showScores`
 * (spoilers on) or once the game has ended, since scores are hidden while it runs.
 */
export function Standings({ model, showScores }: { model: GameModel; showScores: boolean }) {
  const rows = standingsOf(model);
  const scores = showScores || model.status === 'ended';
  const players = new Map(model.players.map((p) => [p.id, p]));
  return (
    <table className="standings" data-testid="standings">
      <caption>{model.status === 'ended' ? 'Final standings' : 'Players'}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Player</th>
          <th scope="col">Status</th>
          <th scope="col">Turns</th>
          {scores && <th scope="col">Points</th>}
          {scores && <th scope="col">Standing</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const player = players.get(row.playerId);
          const winner = model.ended?.winnerId === row.playerId;
          return (
            <tr
              key={row.playerId}
              className={row.status}
              data-testid="standing-row"
              data-player-id={row.playerId}
              data-status={row.status}
            >
              <td>{scores || model.status === 'ended' ? row.place : ''}</td>
              <td className="who">
                <Avatar
                  id={player?.characterId ?? row.playerId}
                  name={row.name}
                  url={player?.avatarUrl}
                  size={24}
                />
                <span>
                  {row.name}
                  {winner && (
                    <span className="badge ok" data-testid="winner">
                      {' '}
                      winner
                    </span>
                  )}
                  <span className="muted small"> {player?.model}</span>
                </span>
              </td>
              <td>{row.status}</td>
              <td>{row.turns}</td>
              {scores && <td>{row.points.toFixed(2)}</td>}
              {scores && <td>{row.standing.toFixed(3)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
