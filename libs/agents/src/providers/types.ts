/** Providers a model spec can name (besides the built-in `sim`). */
export const PROVIDERS = ['openai', 'anthropic', 'ollama', 'openai-compatible'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** A parsed model spec. */
export type ParsedSpec =
  | { provider: 'sim'; model: 'sim'; spec: 'sim' }
  | { provider: Exclude<Provider, 'openai-compatible'>; model: string; spec: string }
  | { provider: 'openai-compatible'; model: string; baseUrl: string; spec: string };

/**
 * Keys and endpoints, from configuration (apps read them from the environment and pass them
 * down; libraries never read the environment).
 */
export interface ProviderSettings {
  openai?: { apiKey?: string; baseUrl?: string };
  anthropic?: { apiKey?: string; baseUrl?: string };
  /** @default baseUrl http://127.0.0.1:11434 */
  ollama?: { baseUrl?: string };
  /** Sent to every `openai-compatible:` endpoint that needs one (OpenRouter, Groq…). */
  openaiCompatible?: { apiKey?: string };
}
