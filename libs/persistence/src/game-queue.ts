/** Runs work for one game at a time, in call order; different games run independently. */
export interface GameQueue {
  run<T>(gameId: string, work: () => Promise<T>): Promise<T>;
  /** Resolves once all work queued so far has settled. */
  idle(): Promise<void>;
}

/** A fresh {@link GameQueue}. */
export function createGameQueue(): GameQueue {
  const tails = new Map<string, Promise<void>>();
  return {
    run(gameId, work) {
      const result = (tails.get(gameId) ?? Promise.resolve()).then(work);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(gameId, tail);
      void tail.then(() => {
        if (tails.get(gameId) === tail) tails.delete(gameId);
      });
      return result;
    },
    async idle() {
      await Promise.all(tails.values());
    },
  };
}
