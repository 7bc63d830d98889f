import { GameCommandSchema, type GameEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, safeDecodeMessage, type EncodedMessage } from './codec';
import { ENVELOPE_HEADERS } from './envelope';
import { BUS_ERROR_CODES } from './errors';
import { TOPICS } from './topics';

const NOW = () => new Date('2026-03-04T05:06:07.890Z');
const topic = TOPICS.gameEvents;

const events: GameEvent[] = buildLog('g-codec', [
  { type: 'game_created', payload: { spec: testSpec() } },
  { type: 'turn_started', payload: { turn: 1, round: 1 }, causationId: 'g-codec:0' },
]);
const [created, started] = events as [GameEvent, GameEvent];

const command = GameCommandSchema.parse({
  schemaVersion: 1,
  id: 'cmd-1',
  gameId: 'g-codec',
  issuedAt: '2026-03-04T05:06:07.000Z',
  issuedBy: 'cli',
  type: 'stop_game',
  reason: 'enough',
});

function encode(value: GameEvent | typeof command, gzipThresholdBytes = 16_384): EncodedMessage {
  return encodeMessage(
    topic,
    { key: value.gameId, value, headers: { trace: 'x' } },
    { now: NOW, gzipThresholdBytes },
  );
}

/** Decoding `wire` fails; its error. */
function failure(wire: Parameters<typeof decodeMessage>[1]) {
  const result = safeDecodeMessage(topic, wire);
  if (result.ok) throw new Error('decoded');
  return result.error;
}

describe('encodeMessage', () => {
  it('puts the envelope in headers and the event as JSON in the body', () => {
    const wire = encode(started);
    expect(wire.key).toBe('g-codec');
    expect(JSON.parse(wire.value.toString('utf8'))).toStrictEqual(started);
    expect(wire.headers).toStrictEqual({
      trace: 'x',
      'arena-envelope': '1',
      kind: 'event',
      type: 'turn_started',
      'schema-version': '1',
      'game-id': 'g-codec',
      seq: '1',
      'event-id': 'g-codec:1',
      'causation-id': 'g-codec:0',
      'produced-at': '2026-03-04T05:06:07.890Z',
      'content-type': 'application/json',
    });
  });

  it('gives a command the command envelope, without seq', () => {
    const wire = encode(command);
    expect(wire.headers).toMatchObject({ kind: 'command', type: 'stop_game', 'event-id': 'cmd-1' });
    expect(wire.headers).not.toHaveProperty('seq');
  });

  it('gzips a body above the threshold and says so', () => {
    const small = encode(created, 1_000_000);
    const large = encode(created, 100);
    expect(small.headers).not.toHaveProperty(ENVELOPE_HEADERS.contentEncoding);
    expect(large.headers[ENVELOPE_HEADERS.contentEncoding]).toBe('gzip');
    expect(large.value.length).toBeLessThan(small.value.length);
    expect(gunzipSync(large.value).equals(small.value)).toBe(true);
  });

  it('refuses an invalid value, naming the field path', () => {
    const broken = { ...started, payload: { turn: -1, round: 1 } } as unknown as GameEvent;
    expect(() => encode(broken)).toThrow(/value\.payload\.turn/);
    expect(() => encode({ ...command, issuedBy: '' })).toThrow(/value\.issuedBy/);
  });
});

describe('decodeMessage', () => {
  it('round-trips events, commands and gzipped bodies', () => {
    for (const [value, threshold] of [
      [created, 16_384],
      [created, 10],
      [command, 16_384],
    ] as const) {
      const wire = encode(value, threshold);
      const msg = decodeMessage(topic, wire);
      expect(msg).toStrictEqual({ topic, key: 'g-codec', value, headers: wire.headers });
    }
  });

  it('reads header buffers and repeated headers as kafkajs hands them over', () => {
    const wire = encode(started);
    const headers = Object.fromEntries(
      Object.entries(wire.headers).map(([name, value]) => [name, Buffer.from(value)]),
    );
    const msg = decodeMessage(topic, {
      key: Buffer.from(wire.key),
      value: wire.value,
      headers: { ...headers, trace: [Buffer.from('first'), 'last'] },
    });
    expect(msg.headers.trace).toBe('last');
    expect(msg.value).toStrictEqual(started);
  });

  it('names what is wrong with the envelope', () => {
    const wire = encode(started);
    const without = (name: string) => {
      const headers = { ...wire.headers };
      delete headers[name];
      return { ...wire, headers };
    };
    const cases: Array<[Parameters<typeof decodeMessage>[1], RegExp]> = [
      [without('arena-envelope'), /missing envelope header "arena-envelope"/],
      [
        { ...wire, headers: { ...wire.headers, 'arena-envelope': '2' } },
        /unknown envelope version "2"/,
      ],
      [{ ...wire, headers: { ...wire.headers, kind: 'rumour' } }, /bad header "kind": "rumour"/],
      [
        { ...wire, headers: { ...wire.headers, 'content-type': 'text/xml' } },
        /bad header "content-type"/,
      ],
      [
        { ...wire, headers: { ...wire.headers, 'content-encoding': 'br' } },
        /bad header "content-encoding": "br"/,
      ],
      [
        { ...wire, headers: { ...wire.headers, 'content-encoding': 'gzip' } },
        /undecodable gzip body/,
      ],
      [{ ...wire, value: Buffer.from('{"seq": 1,') }, /invalid JSON body/],
      [{ ...wire, value: null }, /empty body/],
      [{ ...wire, key: null }, /missing key/],
    ];
    for (const [broken, reason] of cases) {
      const error = failure(broken);
      expect(error.code).toBe(BUS_ERROR_CODES.DECODE_FAILED);
      expect(error.message).toMatch(reason);
      expect(error.message).toContain(topic);
    }
  });

  it('names the field paths of a body that fails its schema', () => {
    const wire = encode(started);
    const body = { ...started, payload: { turn: 'one', round: 1 } };
    const error = failure({ ...wire, value: Buffer.from(JSON.stringify(body)) });
    expect(error.code).toBe(BUS_ERROR_CODES.INVALID_MESSAGE);
    expect(error.message).toMatch(/value\.payload\.turn/);
    const gzipped = failure({
      ...wire,
      value: gzipSync(Buffer.from(JSON.stringify({ ...command, type: 'stop_game', gameId: '' }))),
      headers: { ...wire.headers, kind: 'command', 'content-encoding': 'gzip' },
    });
    expect(gzipped.message).toMatch(/value\.gameId/);
  });

  it('refuses a body that contradicts its envelope headers', () => {
    const wire = encode(started);
    const error = failure({ ...wire, headers: { ...wire.headers, seq: '7' } });
    expect(error.code).toBe(BUS_ERROR_CODES.INVALID_MESSAGE);
    expect(error.message).toMatch(/header "seq" is "7", body says "1"/);
  });

  it('passes any JSON body through when validation is off', () => {
    const wire = encode(started);
    const msg = decodeMessage(
      topic,
      { ...wire, value: Buffer.from('{"odd":true}') },
      { validate: false },
    );
    expect(msg.value).toEqual({ odd: true });
  });
});
