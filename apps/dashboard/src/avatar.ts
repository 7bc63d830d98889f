/** What an avatar shows when the character has no picture. */
export interface GeneratedAvatar {
  /** One or two letters from the name. */
  initials: string;
  /** Background colour (HSL), derived from the id so it is stable across games. */
  background: string;
}

/** FNV-1a hash of a string (32 bits). */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Initials of a name: the first letters of its first and last words (`Ada Quill` → `AQ`). */
export function initialsOf(name: string): string {
  const words = name
    .split(/[\s\-_]+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  const first = words[0];
  if (!first) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return ((Array.from(first)[0] ?? '') + (last ? (Array.from(last)[0] ?? '') : '')).toUpperCase();
}

/** The generated avatar of a character: initials on a colour derived from its id. */
export function generatedAvatar(id: string, name: string): GeneratedAvatar {
  const hue = hashText(id) % 360;
  return { initials: initialsOf(name), background: `hsl(${hue} 55% 38%)` };
}

/** A line colour per player for charts, evenly spread by seat so neighbours differ. */
export function seriesColour(index: number, count: number): string {
  const hue = Math.round((index * 360) / Math.max(1, count) + 20) % 360;
  return `hsl(${hue} 70% 45%)`;
}
