import { describe, expect, it } from 'vitest';
import { isSettingsError, parseSettings } from './settings';

const KAFKA = { ARENA_BUS: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092' };

/** The message of the settings error `env` raises ('' when it parses). */
function problemsOf(env: Record<string, string>): string {
  try {
    parseSettings(env);
  } catch (error) {
    expect(isSettingsError(error)).toBe(true);
    return (error as Error).message;
  }
  return '';
}

describe('bus settings', () => {
  it('defaults to the in-process bus with every Kafka default in place', () => {
    expect(parseSettings({})).toMatchObject({
      ARENA_BUS: 'memory',
      KAFKA_CLIENT_ID: 'arena',
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_GROUP_ID: 'arena-runners',
      KAFKA_SSL: false,
      KAFKA_SSL_REJECT_UNAUTHORIZED: true,
      KAFKA_SESSION_TIMEOUT_MS: 30_000,
      KAFKA_HEARTBEAT_INTERVAL_MS: 3000,
      KAFKA_GZIP_THRESHOLD_BYTES: 16_384,
      ARENA_BUS_RETRY_ATTEMPTS: 3,
      ARENA_BUS_RETRY_INITIAL_MS: 100,
      ARENA_BUS_RETRY_MAX_MS: 5000,
    });
    expect(parseSettings({}).KAFKA_BROKERS).toBeUndefined();
  });

  it('reads a full Kafka configuration', () => {
    const settings = parseSettings({
      ARENA_BUS: 'kafka',
      KAFKA_BROKERS: ' kafka-1:9092, 10.0.0.7:9093,broker.example.com:9094 ,',
      KAFKA_CLIENT_ID: 'arena-eu.1',
      KAFKA_TOPIC_PREFIX: 'staging.',
      KAFKA_GROUP_ID: 'runners_eu',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem',
      KAFKA_SSL_REJECT_UNAUTHORIZED: '0',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'arena',
      KAFKA_SASL_PASSWORD: 's3cret',
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '3000',
      KAFKA_GZIP_THRESHOLD_BYTES: '0',
      ARENA_BUS_RETRY_ATTEMPTS: '5',
      ARENA_BUS_RETRY_INITIAL_MS: '50',
      ARENA_BUS_RETRY_MAX_MS: '50',
    });
    expect(settings).toMatchObject({
      ARENA_BUS: 'kafka',
      KAFKA_BROKERS: ['kafka-1:9092', '10.0.0.7:9093', 'broker.example.com:9094'],
      KAFKA_CLIENT_ID: 'arena-eu.1',
      KAFKA_TOPIC_PREFIX: 'staging.',
      KAFKA_GROUP_ID: 'runners_eu',
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem',
      KAFKA_SSL_REJECT_UNAUTHORIZED: false,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SESSION_TIMEOUT_MS: 10_000,
      KAFKA_GZIP_THRESHOLD_BYTES: 0,
      ARENA_BUS_RETRY_ATTEMPTS: 5,
    });
  });

  it('rejects an unknown bus, naming what is allowed', () => {
    expect(problemsOf({ ARENA_BUS: 'rabbitmq' })).toMatch(/ARENA_BUS: must be memory or kafka/);
  });

  it('requires brokers with ARENA_BUS=kafka and refuses them with the in-process bus', () => {
    expect(problemsOf({ ARENA_BUS: 'kafka' })).toMatch(
      /KAFKA_BROKERS: required with ARENA_BUS=kafka/,
    );
    expect(problemsOf({ KAFKA_BROKERS: '127.0.0.1:9092' })).toMatch(
      /KAFKA_BROKERS: is used only with ARENA_BUS=kafka/,
    );
  });

  it.each([
    ['kafka', '"kafka" must be host:port'],
    ['kafka:0', 'a port from 1 to 65535'],
    ['kafka:65536', '"kafka:65536" must be host:port'],
    ['kafka:9092,http://kafka:9092', '"http://kafka:9092" must be host:port'],
    ['-kafka:9092', '"-kafka:9092" must be host:port'],
    ['[::1]:9092', '"[::1]:9092" must be host:port with a host name or IPv4 address'],
    [' , ', 'name at least one broker as host:port'],
  ])('rejects the broker list %j', (brokers, message) => {
    const problems = problemsOf({ ARENA_BUS: 'kafka', KAFKA_BROKERS: brokers });
    expect(problems).toContain('KAFKA_BROKERS');
    expect(problems).toContain(message);
  });

  it.each([
    ['KAFKA_CLIENT_ID', 'arena client', 'must be 1-100 letters, digits or the characters . _ -'],
    ['KAFKA_TOPIC_PREFIX', 'team/a.', 'must be at most 100 letters, digits'],
    ['KAFKA_TOPIC_PREFIX', 'p'.repeat(101), 'must be at most 100 letters, digits'],
    ['KAFKA_GROUP_ID', 'runners!', 'must be 1-200 letters, digits'],
    ['KAFKA_SSL', 'yes', 'must be 0, 1, true or false'],
    ['KAFKA_SSL_REJECT_UNAUTHORIZED', 'no', 'must be 0, 1, true or false'],
    ['KAFKA_SASL_MECHANISM', 'gssapi', 'must be plain, scram-sha-256 or scram-sha-512'],
    ['KAFKA_SESSION_TIMEOUT_MS', '500', 'must be a whole number from 1000 to 1800000'],
    ['KAFKA_HEARTBEAT_INTERVAL_MS', 'often', 'must be a whole number from 100 to 600000'],
    ['KAFKA_GZIP_THRESHOLD_BYTES', '-1', 'must be a whole number from 0 to 104857600'],
    ['ARENA_BUS_RETRY_ATTEMPTS', '0', 'must be a whole number from 1 to 100'],
    ['ARENA_BUS_RETRY_ATTEMPTS', '2.5', 'must be a whole number from 1 to 100'],
    ['ARENA_BUS_RETRY_INITIAL_MS', '600001', 'must be a whole number from 0 to 600000'],
    ['ARENA_BUS_RETRY_MAX_MS', 'forever', 'must be a whole number from 0 to 3600000'],
  ])('rejects %s=%j, naming it and what is allowed', (name, value, message) => {
    const problems = problemsOf({ ...KAFKA, [name]: value });
    expect(problems).toContain(`${name}: ${message}`);
  });

  it('requires a username and a password with a SASL mechanism, and a mechanism with either', () => {
    const missing = problemsOf({ ...KAFKA, KAFKA_SASL_MECHANISM: 'plain' });
    expect(missing).toContain('KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=plain');
    expect(missing).toContain('KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=plain');
    expect(
      problemsOf({ ...KAFKA, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'arena' }),
    ).not.toContain('KAFKA_SASL_USERNAME');
    expect(problemsOf({ ...KAFKA, KAFKA_SASL_PASSWORD: 'secret' })).toContain(
      'KAFKA_SASL_PASSWORD: is used only with KAFKA_SASL_MECHANISM',
    );
  });

  it('refuses a CA file without TLS', () => {
    expect(problemsOf({ ...KAFKA, KAFKA_SSL_CA_FILE: '/etc/ca.pem' })).toContain(
      'KAFKA_SSL_CA_FILE: is used only over TLS: set KAFKA_SSL=1',
    );
  });

  it('keeps the heartbeat below the session timeout and the first retry wait within the last', () => {
    expect(
      problemsOf({
        ...KAFKA,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_INTERVAL_MS: '6000',
      }),
    ).toContain('KAFKA_HEARTBEAT_INTERVAL_MS: must be below KAFKA_SESSION_TIMEOUT_MS (6000)');
    expect(
      problemsOf({ ...KAFKA, ARENA_BUS_RETRY_INITIAL_MS: '2000', ARENA_BUS_RETRY_MAX_MS: '1000' }),
    ).toContain('ARENA_BUS_RETRY_INITIAL_MS: must be at most ARENA_BUS_RETRY_MAX_MS (1000)');
  });
});
