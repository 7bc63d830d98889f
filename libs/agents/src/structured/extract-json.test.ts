import { describe, expect, it } from 'vitest';
import { extractJson } from './extract-json';

describe('extractJson', () => {
  it('reads a reply that is exactly a JSON object', () => {
    expect(extractJson(' {"text":"hi"} ')).toEqual({ ok: true, value: { text: 'hi' } });
  });

  it('reads a fenced json block inside prose', () => {
    const reply = 'Here you go:\n```json\n{"a": [1, 2]}\n```\nAnything else?';
    expect(extractJson(reply)).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('reads the first balanced object, ignoring braces inside strings', () => {
    const reply =
      'My answer is {"text": "a } brace and a { brace", "n": {"x": 1}} and that is all.';
    expect(extractJson(reply)).toEqual({
      ok: true,
      value: { text: 'a } brace and a { brace', n: { x: 1 } },
    });
  });

  it('says why when nothing parses', () => {
    expect(extractJson('')).toEqual({ ok: false, problem: 'the reply is empty' });
    expect(extractJson('no json here')).toEqual({
      ok: false,
      problem: 'the reply contains no JSON object',
    });
    const broken = extractJson('{"text": "unterminated');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.problem).toMatch(/no valid JSON object/);
  });
});
