import { join, resolve } from 'node:path';
import {
  invalidInput,
  parseCalibrationSetText,
  type CalibrationAccusation,
  type CalibrationItem,
  type CalibrationSet,
  type Issue,
} from '@arena/models';
import { readContentFile, type ContentCatalog } from './catalog';

/** Where a content folder keeps its calibration sets. */
export const CALIBRATION_FOLDER = 'calibration';

/** The calibration set shipped with a content folder: `<contentDir>/calibration/default.yaml`. */
export function defaultCalibrationSetPath(contentDir: string): string {
  return join(resolve(contentDir), CALIBRATION_FOLDER, 'default.yaml');
}

const aliasNumber = (alias: string) => Number(alias.slice(1));

/**
 * Seats a calibration entry needs: enough for its highest alias (`P4` needs 4), and never fewer
 * than the 2 a game needs.
 */
export function seatsNeeded(entry: CalibrationItem | CalibrationAccusation): number {
  const aliases = entry.context.map((m) => m.speaker);
  if ('contribution' in entry) aliases.push(entry.contribution.speaker);
  else aliases.push(entry.accuser, entry.accused);
  return Math.max(2, ...aliases.map(aliasNumber));
}

/**
 * Check a calibration set against the content it will be played on: every scenario must exist,
 * and there must be a character for every seat an entry uses. Errors name the field path.
 */
export function checkCalibrationSet(
  set: CalibrationSet,
  catalog: ContentCatalog,
  source?: string,
): void {
  const issues: Issue[] = [];
  const scenarios = [...catalog.scenarios.keys()].sort();
  const characters = catalog.characters.size;
  const check = (entry: CalibrationItem | CalibrationAccusation, path: string) => {
    if (!catalog.scenarios.has(entry.scenario)) {
      issues.push({
        path: `${path}.scenario`,
        message: `unknown scenario "${entry.scenario}"; allowed: ${scenarios.join(', ')}`,
      });
    }
    const seats = seatsNeeded(entry);
    if (seats > characters) {
      issues.push({
        path,
        message: `uses ${seats} seats, but the content has only ${characters} characters to seat`,
      });
    }
  };
  set.contributions.forEach((item, i) => check(item, `contributions.${i}`));
  set.accusations.forEach((acc, i) => check(acc, `accusations.${i}`));
  if (issues.length > 0) throw invalidInput('calibration set', issues, source);
}

/**
 * Read, validate and check a calibration set file (YAML or JSON) against the content catalog.
 * Malformed files fail with the file and every field path.
 *
 * @example
 * const set = loadCalibrationSet(defaultCalibrationSetPath(settings.ARENA_CONTENT_DIR), catalog);
 */
export function loadCalibrationSet(path: string, catalog: ContentCatalog): CalibrationSet {
  const set = readContentFile(path, parseCalibrationSetText);
  checkCalibrationSet(set, catalog, path);
  return set;
}
