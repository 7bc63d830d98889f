import { seriesColour } from '../avatar';
import { layoutChart } from '../chart';
import type { GameModel } from '../game-model';

const BOX = { width: 640, height: 280, padding: { top: 16, right: 16, bottom: 36, left: 48 } };

/** Cumulative judge points per player over turns: an SVG line chart with a legend. */
export function ScoreChart({ model }: { model: GameModel }) {
  const ids = model.players.map((p) => p.id);
  const layout = layoutChart(ids, model.timeline, BOX, Math.max(1, model.turn));
  const { padding, width, height } = BOX;
  return (
    <figure className="chart" data-testid="score-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="score-chart-title"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id="score-chart-title">Points over turns per player</title>
        {layout.yTicks.map((t) => (
          <g key={`y${t.value}`} className="tick">
            <line x1={padding.left} x2={width - padding.right} y1={t.y} y2={t.y} />
            <text x={padding.left - 6} y={t.y} dy="0.32em" textAnchor="end">
              {t.value}
            </text>
          </g>
        ))}
        {layout.xTicks.map((t) => (
          <text
            key={`x${t.value}`}
            className="tick-label"
            x={t.x}
            y={height - padding.bottom + 16}
            textAnchor="middle"
          >
            {t.value}
          </text>
        ))}
        <text className="axis-label" x={width / 2} y={height - 4} textAnchor="middle">
          turn
        </text>
        <line
          className="zero"
          x1={padding.left}
          x2={width - padding.right}
          y1={layout.zeroY}
          y2={layout.zeroY}
        />
        {layout.series.map((s, i) => (
          <polyline
            key={s.playerId}
            data-testid="chart-line"
            data-player-id={s.playerId}
            fill="none"
            stroke={seriesColour(i, ids.length)}
            strokeWidth={2}
            strokeLinejoin="round"
            points={s.points.map(([x, y]) => `${x},${y}`).join(' ')}
          />
        ))}
      </svg>
      <figcaption>
        <ul className="legend">
          {model.players.map((p, i) => (
            <li key={p.id} className={p.status}>
              <span
                className="swatch"
                style={{ background: seriesColour(i, ids.length) }}
                aria-hidden="true"
              />
              {p.name}: {(layout.series[i]?.last ?? 0).toFixed(2)}
              {p.status === 'eliminated' ? ' (out)' : ''}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
