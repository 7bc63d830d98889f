import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODELS_ERROR_CODES } from '@arena/models';
import { cassetteEntry } from './cassette-entry.fixture';
import { WRAPPER_ERROR_CODES } from './errors';
import { openFileCassette } from './file-cassette';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arena-cassette-'));
  path = join(dir, 'games', 'g1.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (): string[] => readFileSync(path, 'utf8').trimEnd().split('\n');
const withCode = (code: string) => expect.objectContaining({ code });

describe('openFileCassette', () => {
  it('writes each entry as one line as soon as it is recorded', async () => {
    const cassette = openFileCassette(path, 'record');

    cassette.record(cassetteEntry('first'));
    expect(lines()).toHaveLength(1);
    cassette.record(cassetteEntry('second', '1'));
    expect(lines().map((line) => JSON.parse(line).response.text)).toEqual(['first', 'second']);

    await cassette.close();
    await cassette.close();
    expect(() => cassette.record(cassetteEntry('late'))).toThrow(
      withCode(WRAPPER_ERROR_CODES.CASSETTE_CLOSED),
    );
  });

  it('replays recorded entries in order, then keeps serving the last', async () => {
    const recorder = openFileCassette(path, 'record');
    recorder.record(cassetteEntry('first'));
    recorder.record(cassetteEntry('second'));
    await recorder.close();

    const player = openFileCassette(path, 'replay');
    const key = cassetteEntry('').key;

    expect([1, 2, 3].map(() => player.lookup(key)?.response?.text)).toEqual([
      'first',
      'second',
      'second',
    ]);
    expect(player.lookup('f'.repeat(64))).toBeUndefined();
    expect(() => player.record(cassetteEntry('x'))).toThrow(
      withCode(WRAPPER_ERROR_CODES.CASSETTE_READ_ONLY),
    );
  });

  it('in auto mode loads the file and appends to it', async () => {
    const first = openFileCassette(path, 'auto');
    first.record(cassetteEntry('kept'));
    await first.close();
    writeFileSync(path, readFileSync(path, 'utf8').trimEnd());

    const second = openFileCassette(path, 'auto');
    second.record(cassetteEntry('added', '1'));
    await second.close();

    expect(second.lookup(cassetteEntry('').key)?.response?.text).toBe('kept');
    expect(lines()).toHaveLength(2);
  });

  it('in record mode starts the file afresh', async () => {
    const first = openFileCassette(path, 'record');
    first.record(cassetteEntry('old'));
    await first.close();

    const second = openFileCassette(path, 'record');
    second.record(cassetteEntry('new'));
    await second.close();

    expect(lines()).toHaveLength(1);
  });

  it('needs the file to exist for replay', () => {
    expect(() => openFileCassette(path, 'replay')).toThrow(
      withCode(WRAPPER_ERROR_CODES.CASSETTE_NOT_FOUND),
    );
  });

  it.each([
    ['an invalid entry', JSON.stringify({ ...cassetteEntry('x'), stats: {} }), /stats\.attempts/],
    ['a line that is not JSON', '{"key": ', /not JSON/],
    [
      'an entry with neither reply nor error',
      JSON.stringify({ ...cassetteEntry('x'), response: undefined }),
      /either/,
    ],
  ])('rejects %s, naming the file and line', async (_what, bad, reason) => {
    const recorder = openFileCassette(path, 'record');
    recorder.record(cassetteEntry('fine'));
    await recorder.close();
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n${bad}\n`);

    expect(() => openFileCassette(path, 'auto')).toThrow(
      withCode(MODELS_ERROR_CODES.INVALID_INPUT),
    );
    expect(() => openFileCassette(path, 'replay')).toThrow(`${path} line 3`);
    expect(() => openFileCassette(path, 'replay')).toThrow(reason);
  });
});
