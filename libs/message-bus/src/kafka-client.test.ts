import { logLevel } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { BUS_ERROR_CODES } from './errors';
import {
  busUnavailable,
  kafkaLogCreator,
  logToStderr,
  resolveKafkaBusOptions,
  withinTimeout,
  type KafkaBusLogEntry,
} from './kafka-client';

describe('resolveKafkaBusOptions', () => {
  it('fills the defaults', () => {
    expect(resolveKafkaBusOptions({ brokers: ['kafka:9092'] })).toMatchObject({
      clientId: 'arena',
      ssl: false,
      topicPrefix: '',
      gzipThresholdBytes: 16_384,
      lingerMs: 2,
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 3000,
      maxWaitTimeMs: 250,
      connectionTimeoutMs: 5000,
      validate: true,
    });
  });

  it('names every invalid field and what is allowed', () => {
    let failure: unknown;
    try {
      resolveKafkaBusOptions({
        brokers: ['kafka'],
        topicPrefix: 'dev/',
        lingerMs: -1,
        sasl: { mechanism: 'gssapi' as 'plain', username: 'u', password: 'p' },
      });
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: BUS_ERROR_CODES.INVALID_OPTIONS });
    const message = String((failure as Error).message);
    expect(message).toMatch(/brokers\.0: must be host:port/);
    expect(message).toMatch(/topicPrefix: letters, digits/);
    expect(message).toMatch(/lingerMs/);
    expect(message).toMatch(/sasl\.mechanism/);
    expect(() => resolveKafkaBusOptions({ brokers: [] })).toThrow(/at least one broker/);
  });
});

describe('kafkaLogCreator', () => {
  const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}) => ({
    namespace: 'Connection',
    level,
    label: 'X',
    log: { timestamp: '2026-01-01T00:00:00.000Z', message, ...extra },
  });

  it('forwards kafkajs lines with their level and details', () => {
    const lines: KafkaBusLogEntry[] = [];
    const log = kafkaLogCreator((line) => lines.push(line))();
    log(entry(logLevel.ERROR, 'Connection error', { broker: 'kafka:9092' }));
    log(entry(logLevel.INFO, 'joined'));
    expect(lines).toEqual([
      { level: 'error', message: '[Connection] Connection error', broker: 'kafka:9092' },
      { level: 'info', message: '[Connection] joined' },
    ]);
  });

  it('makes protocol errors kafkajs recovers from warnings', () => {
    const lines: KafkaBusLogEntry[] = [];
    const log = kafkaLogCreator((line) => lines.push(line))();
    log(
      entry(logLevel.ERROR, 'Response Heartbeat', {
        error: 'The group is rebalancing, so a rejoin is needed',
      }),
    );
    expect(lines[0]?.level).toBe('warn');
  });

  it('survives a sink that throws', () => {
    const log = kafkaLogCreator(() => {
      throw new Error('sink down');
    })();
    expect(() => log(entry(logLevel.ERROR, 'x'))).not.toThrow();
  });
});

describe('logToStderr', () => {
  it('writes errors only, one JSON line each', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      logToStderr({ level: 'info', message: 'quiet' });
      logToStderr({ level: 'error', message: 'loud', broker: 'b:1' });
      expect(write).toHaveBeenCalledTimes(1);
      expect(write).toHaveBeenCalledWith('{"level":"error","message":"loud","broker":"b:1"}\n');
    } finally {
      write.mockRestore();
    }
  });
});

describe('withinTimeout', () => {
  it('gives BUS_UNAVAILABLE naming the brokers when the work takes too long', async () => {
    const abandon = vi.fn(async () => undefined);
    await expect(
      withinTimeout(new Promise(() => undefined), 10, ['a:1', 'b:2'], abandon),
    ).rejects.toMatchObject({
      code: BUS_ERROR_CODES.UNAVAILABLE,
      message: expect.stringContaining('a:1, b:2'),
    });
    expect(abandon).toHaveBeenCalledOnce();
  });

  it('passes the result through', async () => {
    await expect(
      withinTimeout(Promise.resolve(7), 1000, ['a:1'], async () => undefined),
    ).resolves.toBe(7);
    expect(busUnavailable(['a:1'], new Error('refused')).message).toBe(
      'Kafka brokers a:1 are unavailable: refused',
    );
  });
});
