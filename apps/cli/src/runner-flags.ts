import { z } from 'zod';
import type { ArenaSettings } from '@arena/orchestration';
import { usageError } from './args';
import type { RunnerTarget } from './runner-client';

/** `--runner <url>` and `--token <token>`: the runner a command talks to. */
export const RUNNER_FLAGS = {
  runner: { type: 'string' },
  token: { type: 'string' },
} as const;

const TOKEN = /^[A-Za-z0-9._~+/=-]{16,256}$/;

/** Validation of {@link RUNNER_FLAGS}; extend a command's flags with it. */
export const RunnerFlags = z.object({
  runner: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:8787' })
    .optional(),
  token: z
    .string()
    .regex(TOKEN, 'must be 16-256 letters, digits or the characters . _ ~ + / = -')
    .optional(),
});

/**
 * The runner named by `--runner` (else ARENA_RUNNER_URL) with the token of `--token` (else
 * ARENA_API_TOKEN), or null when neither names a runner.
 */
export function runnerTargetOf(
  flags: z.output<typeof RunnerFlags>,
  settings: ArenaSettings,
): RunnerTarget | null {
  const url = flags.runner ?? settings.ARENA_RUNNER_URL;
  if (!url) {
    if (flags.token)
      throw usageError(
        '--token is used only with a runner: give --runner <url> or set ARENA_RUNNER_URL',
      );
    return null;
  }
  const token = flags.token ?? settings.ARENA_API_TOKEN;
  return { url: url.replace(/\/+$/, ''), ...(token ? { token } : {}) };
}

/** Like {@link runnerTargetOf}, but a command that only works through a runner requires one. */
export function requireRunner(
  command: string,
  flags: z.output<typeof RunnerFlags>,
  settings: ArenaSettings,
): RunnerTarget {
  const target = runnerTargetOf(flags, settings);
  if (!target) {
    throw usageError(
      `${command} needs a runner: give --runner <url> (e.g. http://127.0.0.1:8787) or set ARENA_RUNNER_URL`,
      { path: '--runner' },
    );
  }
  return target;
}
