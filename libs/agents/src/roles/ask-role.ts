import type { z } from 'zod';
import type { CallMeta, CallParams, ModelClient } from '../llm/types';
import type { Reply } from '../model-call';
import { askStructured } from '../structured/ask-structured';
import type { RoleOptions } from './role-options';

/** One question a role puts to its model: a system prompt, a user prompt, and the reply's shape. */
export interface RoleQuestion<T> {
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  /** Identifier-safe name of the reply object. */
  name: string;
  /** One sentence telling the model what the object is. */
  description: string;
  meta: CallMeta;
}

/** Ask a role's question with its sampling parameters and repair bound. */
export function askRole<T>(
  client: ModelClient,
  params: CallParams,
  options: RoleOptions,
  question: RoleQuestion<T>,
): Promise<Reply<T>> {
  const { system, prompt, ...reply } = question;
  return askStructured(client, {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: prompt },
    ],
    params,
    ...reply,
    maxRepairs: options.maxRepairs,
  });
}
