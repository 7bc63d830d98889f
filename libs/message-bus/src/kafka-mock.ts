/**
 * Start and stop librdkafka's mock Kafka cluster (`tools/kafka-mock`) for tests and benches.
 * Import from `@arena/message-bus/kafka-mock`; never shipped in the main barrel.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const TOOL_DIR = resolve(import.meta.dirname, '../../../tools/kafka-mock');
const SOURCE = resolve(TOOL_DIR, 'kafka-mock.c');
/** Where the launcher is built (ignored by git). */
export const KAFKA_MOCK_BINARY = resolve(TOOL_DIR, 'bin/kafka-mock');

export interface KafkaMockOptions {
  /** Brokers in the cluster. @default 3 */
  brokers?: number;
  /** Topics to create up front: name → partitions. Others are created on first use (4 partitions). */
  topics?: Record<string, number>;
  /** Give up when the cluster has not started within this many ms. @default 15000 */
  startTimeoutMs?: number;
}

/** A running mock cluster. */
export interface KafkaMock {
  /** Bootstrap addresses (`127.0.0.1:<port>`), one per broker. */
  brokers: string[];
  /** Stop the cluster and wait until the process is gone. */
  stop(): Promise<void>;
}

/**
 * Build the launcher when it is missing or older than its source (needs `gcc` and
 * `librdkafka-dev`), and return its path.
 */
export function buildKafkaMock(): string {
  const stale =
    !existsSync(KAFKA_MOCK_BINARY) ||
    statSync(KAFKA_MOCK_BINARY).mtimeMs < statSync(SOURCE).mtimeMs;
  if (stale) {
    mkdirSync(resolve(TOOL_DIR, 'bin'), { recursive: true });
    const output = `${KAFKA_MOCK_BINARY}.${process.pid}`;
    try {
      execFileSync('gcc', ['-O2', '-Wall', '-o', output, SOURCE, '-lrdkafka'], { stdio: 'pipe' });
      execFileSync('mv', ['-f', output, KAFKA_MOCK_BINARY]);
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
      throw new Error(
        `Cannot build the Kafka mock launcher (install gcc and librdkafka-dev: apt-get install gcc librdkafka-dev):\n${stderr}`,
      );
    }
  }
  return KAFKA_MOCK_BINARY;
}

/**
 * Start a mock Kafka cluster and resolve with its bootstrap addresses once it accepts
 * connections. It stops with {@link KafkaMock.stop}, or by itself when this process exits.
 *
 * @example
 * const kafka = await startKafkaMock({ topics: { 'arena.game-events': 6 } });
 * try { ... new Kafka({ brokers: kafka.brokers }) ... } finally { await kafka.stop(); }
 */
export async function startKafkaMock(options: KafkaMockOptions = {}): Promise<KafkaMock> {
  const binary = buildKafkaMock();
  const args = ['--brokers', String(options.brokers ?? 3)];
  for (const [name, partitions] of Object.entries(options.topics ?? {})) {
    args.push('--topic', `${name}:${partitions}`);
  }
  // Its standard input is a pipe held by this process: when this process dies, the cluster goes.
  const child: ChildProcess = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const bootstrap = new Promise<string>((done) => {
    lines.on('line', (line) => {
      const match = /^bootstrap (\S+)$/.exec(line);
      if (match?.[1]) done(match[1]);
    });
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`the Kafka mock did not start:\n${stderr}`)),
      options.startTimeoutMs ?? 15_000,
    );
  });
  try {
    const addresses = await Promise.race([
      bootstrap,
      timeout,
      exited.then(() => {
        throw new Error(`the Kafka mock exited before starting:\n${stderr}`);
      }),
    ]);
    return {
      brokers: addresses.split(','),
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}
