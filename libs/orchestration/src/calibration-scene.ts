import type { CalibrationMessage, Rng } from '@arena/models';

/** What a calibration entry is played on: its scenario, its seats and the conversation so far. */
export interface Scene {
  scenario: string;
  seats: number;
  context: readonly CalibrationMessage[];
}

/**
 * One way of seating a scene: which seat each alias takes and where each context message goes.
 * Texts are rewritten to match, so "as P2 said in M1" still names the same speaker and message.
 */
export interface SceneVariant {
  /** The context in its new order, with speakers, cites and texts rewritten. */
  context: CalibrationMessage[];
  /** The new alias of an alias (`P2` → `P4`). */
  alias(alias: string): string;
  /** The new id of a context message id (`M1` → `M3`). */
  messageId(id: string): string;
  /** A text with every alias and context message id in it rewritten. */
  rewrite(text: string): string;
  /** Rewrites a whole message. */
  message(message: CalibrationMessage): CalibrationMessage;
}

const TOKEN = /(?<![\p{L}\p{N}_])([PM])(\d+)(?![\p{L}\p{N}_])/gu;

function variant(
  scene: Scene,
  aliases: ReadonlyMap<string, string>,
  order: readonly number[],
): SceneVariant {
  const ids = new Map(order.map((original, position) => [`M${original + 1}`, `M${position + 1}`]));
  const alias = (a: string) => aliases.get(a) ?? a;
  const messageId = (id: string) => ids.get(id) ?? id;
  const rewrite = (text: string) =>
    text.replace(TOKEN, (token, kind: string) =>
      kind === 'P' ? (aliases.get(token) ?? token) : (ids.get(token) ?? token),
    );
  const message = (m: CalibrationMessage): CalibrationMessage => ({
    speaker: alias(m.speaker),
    text: rewrite(m.text),
    cites: m.cites.map(messageId),
  });
  const context = order.map((i) => message(scene.context[i] as CalibrationMessage));
  return { context, alias, messageId, rewrite, message };
}

/** The scene as written: every alias in its own seat, the context in its own order. */
export function originalVariant(scene: Scene): SceneVariant {
  const aliases = new Map(
    Array.from({ length: scene.seats }, (_, i) => [`P${i + 1}`, `P${i + 1}`]),
  );
  return variant(
    scene,
    aliases,
    scene.context.map((_, i) => i),
  );
}

/**
 * The order after rotating the context by `by` places, then moving each message after every
 * message it cites (stable), so a reply never comes before what it replies to.
 */
function rotatedOrder(context: readonly CalibrationMessage[], by: number): number[] {
  const rotated = context.map((_, i) => (i + by) % context.length);
  const placed: number[] = [];
  const done = new Set<string>();
  while (rotated.length > 0) {
    const next = rotated.findIndex((i) =>
      (context[i] as CalibrationMessage).cites.every((id) => done.has(id)),
    );
    // Cites only point backwards in a valid set, so some message is always ready.
    const [index] = rotated.splice(Math.max(next, 0), 1) as [number];
    placed.push(index);
    done.add(`M${index + 1}`);
  }
  return placed;
}

/**
 * The scene with the speakers moved to other seats (a permutation of the aliases that is not the
 * identity) and the context rotated (replies kept after what they cite), both drawn from `rng`.
 * A fair judge scores the same contribution the same way in both.
 *
 * @example
 * const moved = permutedVariant(scene, gameRng(seed, `judge-check:${item.id}`));
 */
export function permutedVariant(scene: Scene, rng: Rng): SceneVariant {
  const seats = Array.from({ length: scene.seats }, (_, i) => `P${i + 1}`);
  let shuffled = rng.shuffle(seats);
  if (shuffled.every((a, i) => a === seats[i]))
    shuffled = [...seats.slice(1), ...seats.slice(0, 1)];
  const aliases = new Map(seats.map((a, i) => [a, shuffled[i] as string]));
  const length = scene.context.length;
  const by = length >= 2 ? 1 + rng.int(length - 1) : 0;
  return variant(scene, aliases, rotatedOrder(scene.context, by));
}
