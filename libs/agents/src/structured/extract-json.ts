/** The JSON value found in a reply, or why none could be read. */
export type ExtractedJson = { ok: true; value: unknown } | { ok: false; problem: string };

function tryParse(text: string): ExtractedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

const FENCE = /```[ \t]*(?:json|JSON|jsonc)?[ \t]*\r?\n?([\s\S]*?)```/g;

/** The end index (exclusive) of the balanced `{…}` object opening at `start`, ignoring braces in strings. */
function balancedEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

/** Candidate JSON texts, most deliberate first: the whole reply, fenced blocks, balanced objects. */
function* candidates(text: string): Generator<string> {
  yield text.trim();
  for (const match of text.matchAll(FENCE)) yield (match[1] ?? '').trim();
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) {
    const end = balancedEnd(text, i);
    if (end !== undefined) yield text.slice(i, end);
  }
}

/**
 * Read the JSON a model meant to send, tolerating the usual wrapping: the whole reply, a
 * fenced code block (```` ```json ````), or the first balanced `{…}` object in surrounding prose.
 * Never guesses a value: when nothing parses, it says why.
 *
 * @example
 * extractJson('Sure!\n```json\n{"text":"hi"}\n```'); // { ok: true, value: { text: 'hi' } }
 */
export function extractJson(text: string): ExtractedJson {
  if (text.trim() === '') return { ok: false, problem: 'the reply is empty' };
  let firstProblem: string | undefined;
  for (const candidate of candidates(text)) {
    if (candidate === '') continue;
    const parsed = tryParse(candidate);
    if (parsed.ok) return parsed;
    firstProblem ??= parsed.problem;
  }
  return text.includes('{')
    ? {
        ok: false,
        problem: `the reply contains no valid JSON object (${firstProblem ?? 'unparsable'})`,
      }
    : { ok: false, problem: 'the reply contains no JSON object' };
}
