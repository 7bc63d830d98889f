export { RUNNER_ERROR_CODES } from './errors';
export type { ErrorBody } from './error-response';
export { GameHost } from './game-host';
export type { GameHostOptions } from './game-host';
export type { GameView, SeatView } from './game-view';
export { buildServer } from './server';
export type { ServerDeps } from './server';
