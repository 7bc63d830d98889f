import { isModelCallError } from '../llm/errors';
import type { ModelClient, Timing } from '../llm/types';

/** The outcome of one probe call to a model. */
export interface ModelCheck {
  spec: string;
  ok: boolean;
  /** Time the probe took by the injected clock (ms). */
  latencyMs: number;
  /** The reply on success; the error kind, HTTP status and message on failure. */
  detail: string;
}

const PROBE = {
  messages: [{ role: 'user' as const, content: 'Reply with the single word OK' }],
  params: { temperature: 0, maxTokens: 5 },
};

/**
 * Sends one tiny call to a model to show whether it answers, for `arena doctor`-style checks.
 * Never throws: a failure is reported in `detail` with its kind and status.
 *
 * @example
 * const check = await checkModel(createProviderClient('ollama:llama3.1:8b', settings), timing);
 * // { spec: 'ollama:llama3.1:8b', ok: false, latencyMs: 3, detail: 'network: … ECONNREFUSED …' }
 */
export async function checkModel(client: ModelClient, timing: Timing): Promise<ModelCheck> {
  const started = timing.clock.now();
  const latency = () => timing.clock.now() - started;
  try {
    const reply = await client.complete(PROBE, {
      playerId: null,
      role: 'policy',
      purpose: 'doctor',
    });
    return {
      spec: client.spec,
      ok: true,
      latencyMs: latency(),
      detail: `replied "${reply.text.trim()}"`,
    };
  } catch (error) {
    return { spec: client.spec, ok: false, latencyMs: latency(), detail: describeFailure(error) };
  }
}

function describeFailure(error: unknown): string {
  if (isModelCallError(error)) {
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    return `${error.kind}${status}: ${error.message}`;
  }
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}
