import type { ParsedSpec, ProviderSettings } from './types';

/** Where each provider is reached when the settings name no base URL. */
export const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  ollama: 'http://127.0.0.1:11434',
} as const;

/** A spec that names a real provider (anything but `sim`). */
export type ProviderSpec = Exclude<ParsedSpec, { provider: 'sim' }>;

/**
 * The base URL a provider spec is sent to: the spec's own URL for `openai-compatible`, else the
 * configured one, else the provider's public default. Always explicit, so the SDKs never fall
 * back to environment variables.
 */
export function baseUrlFor(parsed: ProviderSpec, settings: ProviderSettings): string {
  switch (parsed.provider) {
    case 'openai-compatible':
      return parsed.baseUrl;
    case 'openai':
      return settings.openai?.baseUrl ?? DEFAULT_BASE_URLS.openai;
    case 'anthropic':
      return settings.anthropic?.baseUrl ?? DEFAULT_BASE_URLS.anthropic;
    case 'ollama':
      return settings.ollama?.baseUrl ?? DEFAULT_BASE_URLS.ollama;
  }
}
