import { parseDocument, stringify } from 'yaml';
import { ArenaError, err, ok, type Result } from './errors';
import { homunculusToProfile, HomunculusCharacterSchema, isHomunculusDocument } from './homunculus';
import { CharacterProfileSchema, type CharacterProfile } from './profile';
import { ScenarioSchema, type Scenario } from './scenario';
import { MODELS_ERROR_CODES, safeValidate } from './validation';

/**
 * Write a JSON-safe value as a YAML document (block style, long strings kept on one line), the
 * form content files are written in; {@link parseYamlDocument} reads it back unchanged.
 */
export function formatYamlDocument(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/** Parse YAML (or JSON, which is YAML) text; syntax errors name the line and column. */
export function parseYamlDocument(text: string, source = 'input'): Result<unknown> {
  const doc = parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `${source}:${pos.line}:${pos.col}` : source;
    return err(
      new ArenaError(`Malformed YAML at ${where}: ${first.message.split('\n')[0]}`, {
        code: MODELS_ERROR_CODES.INVALID_YAML,
        category: 'user',
        details: { source, line: pos?.line, column: pos?.col },
      }),
    );
  }
  return ok(doc.toJS() as unknown);
}

/** Parse a character profile in Arena's format or either Homunculus dialect. */
export function parseCharacterText(text: string, source = 'input'): Result<CharacterProfile> {
  const doc = parseYamlDocument(text, source);
  if (!doc.ok) return doc;
  if (isHomunculusDocument(doc.value)) {
    const h = safeValidate(HomunculusCharacterSchema, doc.value, 'Homunculus character', source);
    if (!h.ok) return h;
    return safeValidate(CharacterProfileSchema, homunculusToProfile(h.value), 'character', source);
  }
  return safeValidate(CharacterProfileSchema, doc.value, 'character', source);
}

export function parseScenarioText(text: string, source = 'input'): Result<Scenario> {
  const doc = parseYamlDocument(text, source);
  if (!doc.ok) return doc;
  return safeValidate(ScenarioSchema, doc.value, 'scenario', source);
}
