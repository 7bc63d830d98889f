import {
  startLoopbackModel,
  type LoopbackModel,
  type LoopbackResponder,
} from '@arena/agents/testing';

/** Loopback model servers started by one test file, closed together after each test. */
export interface LoopbackPool {
  /** Starts a server answering with `responder`; `spec` is its `openai-compatible` model spec. */
  start(responder: LoopbackResponder): Promise<LoopbackModel & { spec: string }>;
  /** Closes every server started since the last call. */
  closeAll(): Promise<void>;
}

/**
 * Tracks the loopback servers a test starts so that none outlives it.
 *
 * @example
 * const models = loopbackPool();
 * afterEach(() => models.closeAll());
 * const model = await models.start(gameResponder({ seed: 1 }));
 */
export function loopbackPool(): LoopbackPool {
  const running: LoopbackModel[] = [];
  return {
    async start(responder) {
      const model = await startLoopbackModel(responder);
      running.push(model);
      return Object.assign(model, { spec: `openai-compatible:${model.url}/v1#loop` });
    },
    async closeAll() {
      await Promise.all(running.splice(0).map((m) => m.close()));
    },
  };
}
