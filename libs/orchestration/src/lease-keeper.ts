import { ArenaError, type GameEvent } from '@arena/models';
import type { Lease, LiveState } from '@arena/persistence';
import { ORCHESTRATION_ERROR_CODES } from './errors';

/** Error for a batch its driver may no longer store. */
function leaseLost(lease: Lease): ArenaError {
  return new ArenaError(
    `${lease.owner} no longer holds the lease of game ${lease.gameId} (token ${lease.token}); it stopped without ending the game`,
    {
      code: ORCHESTRATION_ERROR_CODES.LEASE_LOST,
      retriable: true,
      details: { gameId: lease.gameId, owner: lease.owner, token: lease.token },
    },
  );
}

/**
 * Keeps one game's lease while its driver plays: renews it every third of its time-to-live and
 * before every batch is stored (recording the batch's last seq, so the lease fences the log), one
 * renewal at a time. Once a renewal fails, or cannot be made, the lease counts as lost for good:
 * `lost` aborts and every later batch is refused.
 */
export class LeaseKeeper {
  private readonly lostController = new AbortController();
  private seq: number;
  private renewing: Promise<boolean> = Promise.resolve(true);
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly live: LiveState,
    readonly lease: Lease,
    /** Last seq of the log as the driver loaded it. */
    startSeq: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.seq = startSeq;
  }

  /** Aborts once the lease is lost. */
  get lost(): AbortSignal {
    return this.lostController.signal;
  }

  /**
   * Record the starting seq and renew every third of the time-to-live until {@link stop}; false
   * (and no timer) when the lease is already lost.
   */
  async start(): Promise<boolean> {
    if (!(await this.renew(this.seq))) return false;
    this.timer = setInterval(() => void this.renew(this.seq), this.lease.ttlMs / 3);
    this.timer.unref();
    return true;
  }

  /** Resolves when the driver may store a batch; rejects with `ORCH_LEASE_LOST` otherwise. */
  async admit(batch: readonly GameEvent[]): Promise<void> {
    await this.fence(batch.at(-1)?.seq ?? this.seq);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async fence(seq: number): Promise<void> {
    if (!(await this.renew(seq))) throw leaseLost(this.lease);
  }

  private renew(seq: number): Promise<boolean> {
    this.renewing = this.renewing.then(async () => {
      if (this.lost.aborted) return false;
      const next = Math.max(seq, this.seq);
      let held = false;
      try {
        held = await this.live.renew(this.lease, next);
      } catch (error) {
        // Unsure is not held: a driver may only write while its lease certainly stands.
        this.onError(error);
      }
      if (held) this.seq = next;
      else this.lostController.abort(leaseLost(this.lease));
      return held;
    });
    return this.renewing;
  }
}
