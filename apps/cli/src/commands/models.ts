import { z } from 'zod';
import { checkModel, describeModels, parseModelSpec, safeParseModelSpec } from '@arena/agents';
import { modelDefaults, openModelSetup, providerSettings } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { checkBus } from '../bus-check';
import { settingsFrom } from '../context';
import { EXIT, type Output } from '../output';
import { SILENT_PROGRESS, startSpinner } from '../progress';

type Env = Record<string, string | undefined>;

const DOCTOR_TIMING = {
  clock: { now: () => performance.now() },
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

const FLAGS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
const Flags = z.object({ json: z.boolean().optional(), help: z.boolean().optional() });

export const MODELS_HELP = `arena models [spec ...] [--json]
  List the model specs this configuration uses (ARENA_MODEL, ARENA_JUDGE_MODELS,
  ARENA_NARRATOR_MODEL, ARENA_SUMMARISER_MODEL) and any specs given, with whether each can be
  used: a missing key is reported here, never in the middle of a game.
  Specs: sim | openai:<model> | anthropic:<model> | ollama:<model> |
  openai-compatible:<base-url>#<model>. 'sim' is the built-in deterministic simulator.`;

export const DOCTOR_HELP = `arena doctor [spec ...] [--json]
  Check every configured model (and any specs given) with one tiny call, and report for each
  whether it answered, how fast, or why not. With ARENA_BUS=kafka, also connect to
  KAFKA_BROKERS and list the catalogue topics there (line bus:kafka). Exit code 1 when any
  check fails.`;

/** The specs a configuration uses, by role, plus the ones named on the command line. */
function specsInUse(env: Env, extra: string[]): { role: string; spec: string }[] {
  const defaults = modelDefaults(settingsFrom(env));
  const named = extra.map((spec, i) => {
    const parsed = safeParseModelSpec(spec);
    if (!parsed.ok) throw usageError(`argument ${i + 1}: ${parsed.error.message}`);
    return { role: 'given', spec };
  });
  const rows = [
    { role: 'seats', spec: defaults.seat },
    ...defaults.judge.map((spec) => ({ role: 'judge', spec })),
    { role: 'narrator', spec: defaults.narrator },
    { role: 'summariser', spec: defaults.summariser ?? defaults.narrator },
    ...named,
  ];
  const seen = new Set<string>();
  return rows.filter((r) =>
    seen.has(`${r.role} ${r.spec}`) ? false : seen.add(`${r.role} ${r.spec}`),
  );
}

function parse(argv: string[]) {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  return { flags: validateFlags(Flags, values), positionals };
}

export async function models(argv: string[], out: Output, env: Env): Promise<number> {
  const { flags, positionals } = parse(argv);
  if (flags.help) {
    out.line(MODELS_HELP);
    return EXIT.ok;
  }
  const rows = specsInUse(env, positionals);
  const described = describeModels(
    rows.map((r) => r.spec),
    providerSettings(settingsFrom(env)),
  );
  const report = rows.map((r, i) => ({ role: r.role, ...described[i] }));
  if (flags.json) {
    out.json(report);
    return EXIT.ok;
  }
  for (const r of report) {
    const status = r.configured ? out.paint('green', 'ready') : out.paint('red', 'not configured');
    out.line(`${r.role.padEnd(11)} ${String(r.spec).padEnd(36)} ${status}  ${r.endpoint ?? ''}`);
    if (r.problem) out.line(`${' '.repeat(12)}${r.problem}`);
  }
  return EXIT.ok;
}

export async function doctor(argv: string[], out: Output, env: Env): Promise<number> {
  const { flags, positionals } = parse(argv);
  if (flags.help) {
    out.line(DOCTOR_HELP);
    return EXIT.ok;
  }
  const settings = settingsFrom(env);
  const specs = [...new Set(specsInUse(env, positionals).map((r) => r.spec))];
  const setup = openModelSetup({ ...settings, ARENA_CASSETTE: undefined });
  const results = [];
  const spinner = startSpinner(
    flags.json ? SILENT_PROGRESS : out.progress,
    `Checking ${specs.length} model spec${specs.length === 1 ? '' : 's'}`,
  );
  try {
    for (const spec of specs) {
      spinner.update(`Checking ${spec}`);
      if (parseModelSpec(spec).provider === 'sim') {
        results.push({
          spec,
          ok: true,
          latencyMs: 0,
          detail: 'built-in simulator, always available',
        });
        continue;
      }
      const problem = describeModels([spec], setup.providers)[0]?.problem ?? null;
      if (problem) {
        results.push({ spec, ok: false, latencyMs: 0, detail: problem });
        continue;
      }
      results.push(await checkModel(setup.runtime.client(spec), DOCTOR_TIMING));
    }
    if (settings.ARENA_BUS === 'kafka') {
      spinner.update(`Checking the Kafka brokers ${(settings.KAFKA_BROKERS ?? []).join(',')}`);
      results.push(await checkBus(settings));
    }
  } finally {
    spinner.stop();
    await setup.close();
  }
  if (flags.json) out.json(results);
  else {
    for (const r of results) {
      const mark = r.ok ? out.paint('green', 'ok  ') : out.paint('red', 'FAIL');
      out.line(
        `${mark} ${r.spec.padEnd(36)} ${r.ok ? `${Math.round(r.latencyMs)} ms` : ''} ${r.detail}`,
      );
    }
  }
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.failure;
}
