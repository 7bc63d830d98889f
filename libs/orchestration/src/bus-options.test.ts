import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, TOPICS, publishGameEvents } from '@arena/message-bus';
import { MODELS_ERROR_CODES, hasErrorCode } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { kafkaBusOptions, openMessageBus } from './bus-options';
import { parseSettings } from './settings';

const KAFKA = { ARENA_BUS: 'kafka', KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092' };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('kafkaBusOptions', () => {
  it('maps the settings onto the Kafka bus options', () => {
    expect(
      kafkaBusOptions(
        parseSettings({
          ...KAFKA,
          KAFKA_CLIENT_ID: 'arena-eu',
          KAFKA_TOPIC_PREFIX: 'staging.',
          KAFKA_SASL_MECHANISM: 'scram-sha-256',
          KAFKA_SASL_USERNAME: 'arena',
          KAFKA_SASL_PASSWORD: 's3cret',
          KAFKA_SESSION_TIMEOUT_MS: '9000',
          KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
          KAFKA_GZIP_THRESHOLD_BYTES: '1024',
          ARENA_BUS_RETRY_ATTEMPTS: '5',
          ARENA_BUS_RETRY_INITIAL_MS: '10',
          ARENA_BUS_RETRY_MAX_MS: '200',
        }),
      ),
    ).toEqual({
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
      clientId: 'arena-eu',
      topicPrefix: 'staging.',
      ssl: false,
      sasl: { mechanism: 'scram-sha-256', username: 'arena', password: 's3cret' },
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 5, initialDelayMs: 10, maxDelayMs: 200 },
      gzipThresholdBytes: 1024,
      sessionTimeoutMs: 9000,
      heartbeatIntervalMs: 1000,
    });
  });

  it('leaves SASL out unless a mechanism is set, and keeps the default retry policy', () => {
    const options = kafkaBusOptions(parseSettings(KAFKA));
    expect(options).not.toHaveProperty('sasl');
    expect(options.retry).toEqual(DEFAULT_RETRY_POLICY);
  });

  it('turns on plain TLS, or TLS with the CA file read through the given reader', () => {
    expect(kafkaBusOptions(parseSettings({ ...KAFKA, KAFKA_SSL: '1' })).ssl).toBe(true);
    const read: string[] = [];
    const options = kafkaBusOptions(
      parseSettings({ ...KAFKA, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem' }),
      { readFile: (path) => (read.push(path), PEM) },
    );
    expect(read).toEqual(['/etc/kafka/ca.pem']);
    expect(options.ssl).toEqual({ ca: PEM, rejectUnauthorized: true });
    expect(
      kafkaBusOptions(
        parseSettings({ ...KAFKA, KAFKA_SSL: '1', KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }),
      ).ssl,
    ).toEqual({ rejectUnauthorized: false });
  });

  it('names KAFKA_SSL_CA_FILE when it cannot be read or holds no certificate', () => {
    const settings = parseSettings({ ...KAFKA, KAFKA_SSL: '1', KAFKA_SSL_CA_FILE: '/nope/ca.pem' });
    expect(() =>
      kafkaBusOptions(settings, {
        readFile: () => {
          throw new Error('ENOENT: no such file or directory');
        },
      }),
    ).toThrow(/KAFKA_SSL_CA_FILE: cannot read \/nope\/ca\.pem: ENOENT/);
    expect(() => kafkaBusOptions(settings, { readFile: () => 'not a certificate' })).toThrow(
      /KAFKA_SSL_CA_FILE: \/nope\/ca\.pem must hold PEM certificates/,
    );
    let error: unknown;
    try {
      kafkaBusOptions(settings, { readFile: () => '' });
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, MODELS_ERROR_CODES.INVALID_INPUT)).toBe(true);
  });

  it('refuses settings for the in-process bus', () => {
    expect(() => kafkaBusOptions(parseSettings({}))).toThrow(
      /ARENA_BUS: must be kafka, with KAFKA_BROKERS/,
    );
  });
});

describe('openMessageBus', () => {
  it('opens the in-process bus by default', async () => {
    const bus = await openMessageBus(parseSettings({}));
    try {
      expect(bus.kind).toBe('memory');
      const seen: string[] = [];
      await bus.subscribe(TOPICS.gameEvents, (message) => void seen.push(message.value.type));
      await publishGameEvents(
        bus,
        buildLog('g1', [{ type: 'game_created', payload: { spec: testSpec() } }]),
      );
      await expect.poll(() => seen).toEqual(['game_created']);
    } finally {
      await bus.close();
    }
  });
});
