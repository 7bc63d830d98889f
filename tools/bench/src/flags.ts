/**
 * Checks a bench's numeric flags: each must be a whole number of 1 or more. Prints which one is
 * not and exits with code 2, as the CLI does for bad input.
 *
 * @example
 * requirePositiveWholeNumbers([['--runs', runs], ['--seed', seed]]);
 */
export function requirePositiveWholeNumbers(flags: readonly (readonly [string, number])[]): void {
  for (const [flag, value] of flags) {
    if (!Number.isInteger(value) || value < 1) {
      console.error(`${flag} must be a positive whole number (got ${String(value)})`);
      process.exit(2);
    }
  }
}
