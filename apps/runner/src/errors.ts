/**
 * Error codes of the runner: answered by its HTTP API (beside the codes of the libraries it
 * calls) and given to the bus for commands it cannot act on.
 */
export const RUNNER_ERROR_CODES = {
  /** No route matches the method and URL. */
  ROUTE_NOT_FOUND: 'RUNNER_ROUTE_NOT_FOUND',
  /** The request body is not valid JSON. */
  INVALID_JSON: 'RUNNER_INVALID_JSON',
  /** The request body is larger than the body limit. */
  BODY_TOO_LARGE: 'RUNNER_BODY_TOO_LARGE',
  /** The request body has a content type other than JSON. */
  UNSUPPORTED_MEDIA_TYPE: 'RUNNER_UNSUPPORTED_MEDIA_TYPE',
  /** Any other malformed request rejected before it reached a route. */
  BAD_REQUEST: 'RUNNER_BAD_REQUEST',
  /** A request without the bearer token its route needs, or with a wrong or malformed one. */
  UNAUTHORIZED: 'RUNNER_UNAUTHORIZED',
  /** A caller made more changes in the last minute than the runner allows. */
  RATE_LIMITED: 'RUNNER_RATE_LIMITED',
  /** The request target (path and query) is longer than the runner accepts. */
  URI_TOO_LONG: 'RUNNER_URI_TOO_LONG',
  /** A start for a game that is being played already. */
  GAME_RUNNING: 'RUNNER_GAME_RUNNING',
  /** A game config names a file: over HTTP only shipped scenario and character ids are allowed. */
  FILE_REFERENCE: 'RUNNER_FILE_REFERENCE',
  /** The event store does not answer. */
  STORE_UNAVAILABLE: 'RUNNER_STORE_UNAVAILABLE',
  /** The runner is shutting down and starts no new games. */
  SHUTTING_DOWN: 'RUNNER_SHUTTING_DOWN',
  /** A stop for a game that has ended, or (single runner) that this runner is not playing. */
  GAME_NOT_RUNNING: 'RUNNER_GAME_NOT_RUNNING',
  /** A resume for a game that has ended. */
  GAME_ENDED: 'RUNNER_GAME_ENDED',
  /**
   * A command from the bus that can never succeed as sent (a `create_game` whose config is
   * invalid or names unknown content or unusable models). Not retriable: a bus retry policy
   * lists it among its `nonRetriableCodes` so that the command is dead-lettered at once.
   */
  INVALID_COMMAND: 'RUNNER_INVALID_COMMAND',
  /** An unexpected failure; details are in the runner's log, never in the response. */
  INTERNAL: 'RUNNER_INTERNAL',
} as const;
