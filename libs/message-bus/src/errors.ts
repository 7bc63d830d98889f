import { ArenaError } from '@arena/models';

/** Error codes raised by `@arena/message-bus`. */
export const BUS_ERROR_CODES = {
  /** A published message is not a valid game event, or has no key. */
  INVALID_MESSAGE: 'BUS_INVALID_MESSAGE',
  /** A topic name is empty. */
  INVALID_TOPIC: 'BUS_INVALID_TOPIC',
  /** The bus was used after `close()`. */
  CLOSED: 'BUS_CLOSED',
} as const;

/** Error for any publish or subscribe on a closed bus. */
export function busClosed(): ArenaError {
  return new ArenaError('The message bus is closed', { code: BUS_ERROR_CODES.CLOSED });
}
