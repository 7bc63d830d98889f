import type { PointSample } from './game-model';

/** Plot area of a chart, in SVG user units. */
export interface ChartBox {
  width: number;
  height: number;
  /** Space for the axes' labels. */
  padding: { top: number; right: number; bottom: number; left: number };
}

/** One player's line. */
export interface ChartSeries {
  playerId: string;
  /** `x,y` pairs of the polyline, in SVG units. */
  points: Array<[number, number]>;
  /** The player's latest points. */
  last: number;
}

/** A chart ready to draw: scales, ticks and one series per player. */
export interface ChartLayout {
  series: ChartSeries[];
  xTicks: Array<{ value: number; x: number }>;
  yTicks: Array<{ value: number; y: number }>;
  /** y of the zero line. */
  zeroY: number;
  minY: number;
  maxY: number;
  maxTurn: number;
}

/** Up to `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toFixed(10)));
  }
  return ticks;
}

/**
 * Lay out the scores-over-time chart: x = turn (0..max turn seen, at least `minTurns`), y =
 * cumulative points (always including 0). Each player's line starts at (0, 0) and steps
 * through its samples in order.
 */
export function layoutChart(
  playerIds: readonly string[],
  timeline: readonly PointSample[],
  box: ChartBox,
  minTurns = 1,
): ChartLayout {
  const maxTurn = Math.max(minTurns, ...timeline.map((s) => s.turn));
  const values = timeline.map((s) => s.points);
  let minY = Math.min(0, ...values);
  let maxY = Math.max(0, ...values);
  if (maxY - minY < 1e-9) maxY = minY + 1;
  const yTickValues = niceTicks(minY, maxY, 5);
  minY = Math.min(minY, yTickValues[0] ?? minY);
  maxY = Math.max(maxY, yTickValues[yTickValues.length - 1] ?? maxY);
  const { width, height, padding } = box;
  const plotW = width - padding.left - padding.right;
  const plotH = height - padding.top - padding.bottom;
  const x = (turn: number) => padding.left + (turn / maxTurn) * plotW;
  const y = (v: number) => padding.top + (1 - (v - minY) / (maxY - minY)) * plotH;
  const round = (n: number) => Math.round(n * 10) / 10;

  const series = playerIds.map((playerId) => {
    const samples = timeline.filter((s) => s.playerId === playerId);
    const points: Array<[number, number]> = [[round(x(0)), round(y(0))]];
    for (const s of samples) points.push([round(x(s.turn)), round(y(s.points))]);
    return { playerId, points, last: samples[samples.length - 1]?.points ?? 0 };
  });
  return {
    series,
    xTicks: niceTicks(0, maxTurn, 6)
      .filter((t) => Number.isInteger(t))
      .map((value) => ({ value, x: round(x(value)) })),
    yTicks: yTickValues.map((value) => ({ value, y: round(y(value)) })),
    zeroY: round(y(0)),
    minY,
    maxY,
    maxTurn,
  };
}
