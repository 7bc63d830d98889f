/**
 * Message bus benchmark against librdkafka's mock Kafka cluster (started and stopped here):
 *
 * - throughput: the same keyed game events, in batches of the same size, sent with raw kafkajs
 *   (`sendBatch` of records encoded beforehand) and published through the Kafka bus (checked,
 *   encoded, batched), each acknowledged by all in-sync replicas; median of `--runs` runs per
 *   message size. Target: bus ≥ 70% of raw.
 * - codec + dedupe: encode, decode and the dedupe check of one message at a time. Target: median
 *   ≤ 0.2 ms.
 *
 *   npm run bench:bus -- [--messages 5000] [--batch 100] [--runs 3] [--sizes 256,1024,32768]
 *     [--out bench-results/bus.json]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  compareKafkaThroughput,
  measureCodecLatency,
  type ThroughputComparison,
} from '@arena/message-bus/bench';
import { startKafkaMock } from '@arena/message-bus/kafka-mock';
import { requirePositiveWholeNumbers } from './flags';

const THROUGHPUT_TARGET = 0.7;
const CODEC_TARGET_MS = 0.2;

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '5000' },
    batch: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '256,1024,32768' },
    out: { type: 'string', default: 'bench-results/bus.json' },
  },
});
const messages = Number(values.messages);
const batchSize = Number(values.batch);
const runs = Number(values.runs);
const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
requirePositiveWholeNumbers([
  ['--messages', messages],
  ['--batch', batchSize],
  ['--runs', runs],
  ...sizes.map((size) => ['--sizes', size] as const),
]);

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

interface SizeRow {
  messageBytes: number;
  rawPerSecond: number;
  busPerSecond: number;
  ratio: number;
  runs: ThroughputComparison[];
}

async function main(): Promise<void> {
  const kafka = await startKafkaMock({ brokers: 3 });
  const rows: SizeRow[] = [];
  try {
    for (const messageBytes of sizes) {
      const measured: ThroughputComparison[] = [];
      for (let run = 0; run < runs; run++) {
        measured.push(
          await compareKafkaThroughput({
            brokers: kafka.brokers,
            messages,
            batchSize,
            messageBytes,
          }),
        );
      }
      rows.push({
        messageBytes,
        rawPerSecond: median(measured.map((m) => m.raw.messagesPerSecond)),
        busPerSecond: median(measured.map((m) => m.bus.messagesPerSecond)),
        ratio: median(measured.map((m) => m.ratio)),
        runs: measured,
      });
    }
  } finally {
    await kafka.stop();
  }
  const codec = measureCodecLatency({ messages: 20_000, messageBytes: 1024 });
  const codecLarge = measureCodecLatency({ messages: 2_000, messageBytes: 32_768 });

  const checks = [
    ...rows.map((r) => ({
      check: `throughput, ${r.messageBytes} B messages (bus / raw)`,
      target: `≥ ${THROUGHPUT_TARGET}`,
      measured: `${Math.round(r.busPerSecond)} / ${Math.round(r.rawPerSecond)} msg/s = ${r.ratio.toFixed(2)}`,
      pass: r.ratio >= THROUGHPUT_TARGET,
    })),
    {
      check: 'codec + dedupe, 1 KiB event (median)',
      target: `≤ ${CODEC_TARGET_MS} ms`,
      measured: `${codec.medianMs.toFixed(4)} ms (p95 ${codec.p95Ms.toFixed(4)})`,
      pass: codec.medianMs <= CODEC_TARGET_MS,
    },
    {
      check: 'codec + dedupe, 32 KiB event, gzipped (median)',
      target: 'reported',
      measured: `${codecLarge.medianMs.toFixed(4)} ms (p95 ${codecLarge.p95Ms.toFixed(4)})`,
      pass: true,
    },
  ];
  console.log(
    `\nMessage bus on the mock Kafka cluster (3 brokers), ${messages} messages in batches of ${batchSize}, median of ${runs} runs; load average ${loadavg()[0]?.toFixed(2)}\n`,
  );
  console.table(
    checks.map((c) => ({
      check: c.check,
      target: c.target,
      measured: c.measured,
      result: c.pass ? 'ok' : 'MISSED',
    })),
  );
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ messages, batchSize, runs, loadAverage: loadavg()[0], throughput: rows, codec, codecLarge, checks }, null, 2)}\n`,
  );
  console.log(`\nwrote ${out}`);
  if (checks.some((c) => !c.pass)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
