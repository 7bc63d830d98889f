import type { Assignment } from '@arena/message-bus';

/**
 * The games this runner owns among the runners of its consumer group: those whose commands
 * land on a partition of its latest assignment. It owns none before its first assignment, so a
 * runner that has not joined yet takes no orphaned game from the members that have.
 *
 * @example
 * const ownership = new GameOwnership();
 * const host = new GameHost({ services, logger, owns: ownership.owns });
 * // the command consumer calls ownership.assign(assignment) after every rebalance
 */
export class GameOwnership {
  private assignment: Assignment | null = null;

  /** True when `gameId`'s commands land on a partition this runner was last assigned. */
  readonly owns = (gameId: string): boolean => this.assignment?.owns(gameId) ?? false;

  /** Record what a rebalance gave this runner. */
  assign(assignment: Assignment): void {
    this.assignment = assignment;
  }
}
