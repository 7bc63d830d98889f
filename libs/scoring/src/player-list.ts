/** "A", "A and B", "A, B and C": names as a judge would list them in a sentence. */
export function playerList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
