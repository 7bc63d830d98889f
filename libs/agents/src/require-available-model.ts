import { ModelSpecSchema, validate } from '@arena/models';
import { providerUnavailable } from './errors';

/**
 * Checks that `spec` is a well-formed model spec this build can drive and returns it.
 * Malformed specs fail with `ARENA_INVALID_INPUT`; well-formed but unavailable ones with
 * `AGENTS_PROVIDER_UNAVAILABLE`.
 */
export function requireAvailableModel(spec: string): 'sim' {
  const valid = validate(ModelSpecSchema, spec, 'model spec');
  if (valid !== 'sim') throw providerUnavailable(valid);
  return valid;
}
