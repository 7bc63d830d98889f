import { createRng, hashString, type Rng } from '@arena/models';
import type { LoopbackReply, LoopbackRequest, LoopbackResponder } from './loopback-types';

/** Options of {@link gameResponder}. */
export interface GameResponderOptions {
  /** Makes the replies differ between test runs that want different games. @default 0 */
  seed?: number;
  /** Wait before every reply, like a model thinking. @default 0 */
  delayMs?: number;
  /** Share of player turns that accuse someone (with a real quote). @default 0.08 */
  accuseRate?: number;
}

const SYLLABLES = ['ka', 'lo', 'ven', 'dra', 'mi', 'tor', 'sel', 'qua', 'rin', 'bo', 'zet', 'ul'];
const OPENERS = [
  'I propose',
  'Consider instead',
  'Building on that, we could try',
  'A cheaper route is',
  'To make this testable, use',
  'The risk I see needs',
];
const MEASURES = ['within', 'below', 'above', 'at least', 'no more than'];
const UNITS = ['days', 'percent', 'metres', 'households', 'sensors', 'crews'];

function codename(rng: Rng): string {
  const n = 2 + rng.int(2);
  const word = Array.from({ length: n }, () => rng.pick(SYLLABLES)).join('');
  return `${word[0]?.toUpperCase()}${word.slice(1)}`;
}

/** Words of the scenario's sub-problem descriptions, read from the system prompt. */
function topicWords(system: string): string[] {
  const words = system.toLowerCase().match(/[a-z]{6,}/g) ?? [];
  return [...new Set(words)].slice(0, 400);
}

function lastUserText(request: LoopbackRequest): string {
  return [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}

function systemText(request: LoopbackRequest): string {
  return request.messages.find((m) => m.role === 'system')?.content ?? '';
}

function properties(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, unknown> } | null)?.properties;
  return props ? Object.keys(props) : [];
}

function contribution(rng: Rng, words: string[], prompt: string): Record<string, unknown> {
  const pick = () => (words.length > 0 ? rng.pick(words) : codename(rng).toLowerCase());
  const plan = `${codename(rng)}-${10 + rng.int(90)}`;
  const text = [
    `${rng.pick(OPENERS)} plan ${plan}: ${pick()} paired with ${pick()} and ${pick()}.`,
    `It keeps ${pick()} ${rng.pick(MEASURES)} ${5 + rng.int(95)} ${rng.pick(UNITS)}, checked by ${codename(rng)} reviews.`,
    `Next, ${pick()} informs ${pick()}, so ${pick()} stays ${rng.pick(['cheap', 'safe', 'fair', 'fast'])}.`,
  ].join(' ');
  const ids = [...prompt.matchAll(/\[(M\d+)\] P\d+/g)].map((m) => m[1] as string);
  const cites = ids.length > 0 ? [ids[ids.length - 1] as string] : [];
  return { action: 'contribute', text, cites };
}

/** An accusation quoting a real line of another player's message, when the prompt has one. */
function accusation(prompt: string, self: string | undefined): Record<string, unknown> | null {
  const quoted = [...prompt.matchAll(/\[(M\d+)\] (P\d+)[^\n]*\n> ([^\n]{24,})/g)].filter(
    (m) => m[2] !== self,
  );
  const target = quoted[quoted.length - 1];
  if (!target) return null;
  return {
    action: 'accuse',
    accusedId: target[2],
    kind: 'manipulation',
    claim: `${target[2]} steers the group without evidence.`,
    evidence: [{ messageId: target[1], quote: (target[3] as string).slice(0, 24) }],
    confidence: 0.6,
  };
}

function reply(request: LoopbackRequest, rng: Rng, options: GameResponderOptions): unknown {
  const props = properties(request.schema);
  const prompt = lastUserText(request);
  if (props.includes('action')) {
    const self = /You are seat (P\d+)/.exec(systemText(request))?.[1];
    if (rng.chance(options.accuseRate ?? 0.08)) {
      const accuse = accusation(prompt, self);
      if (accuse) return accuse;
    }
    return contribution(rng, topicWords(systemText(request)), prompt);
  }
  if (props.includes('scores')) {
    const dims = [
      'novelty',
      'builds_on_others',
      'solves_subproblem',
      'radical_idea',
      'manipulation',
    ];
    const score = () => Number((0.2 + rng.next() * 0.7).toFixed(2));
    return {
      scores: Object.fromEntries(dims.map((d) => [d, d === 'manipulation' ? 0.05 : score()])),
      rationales: Object.fromEntries(
        dims.map((d) => [d, `The ${d.replace(/_/g, ' ')} is moderate.`]),
      ),
    };
  }
  if (props.includes('urgency')) {
    return { urgency: Number(rng.next().toFixed(2)), reason: 'I have a concrete step to add.' };
  }
  if (props.includes('verdict')) {
    return {
      verdict: 'insufficient_evidence',
      confidence: 0.4,
      reasoning: 'The quoted words show a strong opinion, not misconduct.',
    };
  }
  if (props.includes('solved')) {
    return { solved: false, reasoning: 'Several sub-problems still lack a concrete plan.' };
  }
  return { text: `${codename(rng)} notes: the debate sharpens as the proposals pile up.` };
}

/**
 * A loopback "model" that plays a whole game sensibly: varied contributions built from the
 * scenario's words (citing the latest message), occasional accusations with real quotes, judge
 * scores with rationales, verdicts, solved checks, bids for the floor and commentary. Replies are chosen by a hash
 * of the request, so the same prompt always gets the same answer.
 *
 * @example
 * const model = await startLoopbackModel(gameResponder({ delayMs: 5 }));
 */
export function gameResponder(options: GameResponderOptions = {}): LoopbackResponder {
  return (request): LoopbackReply => {
    const key = JSON.stringify([options.seed ?? 0, request.messages, properties(request.schema)]);
    const rng = createRng(hashString(key));
    return { text: JSON.stringify(reply(request, rng, options)), delayMs: options.delayMs ?? 0 };
  };
}
