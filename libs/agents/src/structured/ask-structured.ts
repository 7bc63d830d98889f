import { formatPath } from '@arena/models';
import { z } from 'zod';
import { isBudgetExceeded, isModelCallError } from '../llm/errors';
import type { CallMeta, CallParams, ChatMessage, ModelClient, OutputSchema } from '../llm/types';
import { RoleCallError, type ModelCallRecord, type Reply } from '../model-call';
import { answeredCall, failedCall } from './call-records';
import { extractJson } from './extract-json';

/** What {@link askStructured} sends and how it validates the answer. */
export interface StructuredRequest<T> {
  /** The conversation so far: system prompt first, then the user prompt. */
  messages: ChatMessage[];
  params: CallParams;
  /** Validates the reply; its input shape becomes the JSON Schema sent to the provider. */
  schema: z.ZodType<T>;
  /** Identifier-safe name of the reply object (`[a-zA-Z0-9_]+`). */
  name: string;
  /** One sentence telling the model what the object is. */
  description: string;
  meta: CallMeta;
  /** Re-asks allowed after an unusable reply. @default 2 */
  maxRepairs?: number;
}

type Validated<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** The JSON Schema of what the model must write (the schema's input side), without `$schema`. */
export function outputSchemaOf(schema: z.ZodType, name: string, description: string): OutputSchema {
  const jsonSchema = { ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) };
  delete jsonSchema.$schema;
  return { name, description, jsonSchema };
}

function validateReply<T>(text: string, schema: z.ZodType<T>): Validated<T> {
  const extracted = extractJson(text);
  if (!extracted.ok) return { ok: false, problems: [extracted.problem] };
  const parsed = schema.safeParse(extracted.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${formatPath(i.path) || '(root)'}: ${i.message}`),
  };
}

function repairPrompt(problems: readonly string[], output: OutputSchema): string {
  return [
    'Your reply could not be used:',
    ...problems.map((p) => `- ${p}`),
    `Reply with only the corrected JSON object (${output.name}: ${output.description}), with no other text.`,
  ].join('\n');
}

/**
 * Ask a model for a JSON object and validate it with zod, repairing bounded times: an unusable
 * reply (no JSON, bad JSON, or validation issues) is sent back with each problem named by its
 * field path, and the model is asked for the corrected object only. Every call is recorded.
 *
 * Throws `RoleCallError` with reason `invalid_output` (and the last raw reply) once the repairs
 * are spent, or `model_error` when the model does not answer; `BudgetExceededError` passes
 * through unchanged. Never substitutes text of its own.
 *
 * @example
 * const { value, calls } = await askStructured(client, {
 *   messages: [{ role: 'system', content: system }, { role: 'user', content: prompt }],
 *   params: { temperature: 0, maxTokens: 300 },
 *   schema: z.object({ text: z.string().min(1) }),
 *   name: 'narration',
 *   description: 'One line of public commentary.',
 *   meta: { playerId: null, role: 'narrator', purpose: 'narrate' },
 * });
 */
export async function askStructured<T>(
  client: ModelClient,
  input: StructuredRequest<T>,
): Promise<Reply<T>> {
  const { params, schema, meta } = input;
  const maxRepairs = input.maxRepairs ?? 2;
  const output = outputSchemaOf(schema, input.name, input.description);
  const messages = [...input.messages];
  const calls: ModelCallRecord[] = [];
  for (let repair = 0; ; repair++) {
    let response;
    try {
      response = await client.complete({ messages, params, schema: output }, meta);
    } catch (error) {
      if (isBudgetExceeded(error) || !isModelCallError(error)) throw error;
      calls.push(failedCall(client.spec, meta, params, error));
      throw new RoleCallError(
        `${client.spec} gave no reply for ${meta.role} ${meta.purpose} (${error.kind}): ${error.message}`,
        'model_error',
        calls,
        null,
        error,
      );
    }
    const validated = validateReply(response.text, schema);
    if (validated.ok) {
      calls.push(answeredCall(client.spec, meta, params, response));
      return { value: validated.value, calls };
    }
    const problems = validated.problems;
    calls.push(answeredCall(client.spec, meta, params, response, problems.join('; ')));
    if (repair >= maxRepairs) {
      throw new RoleCallError(
        `${client.spec} kept replying with unusable output for ${meta.role} ${meta.purpose} after ${maxRepairs} repairs: ${problems.join('; ')}`,
        'invalid_output',
        calls,
        response.text,
      );
    }
    messages.push(
      { role: 'assistant', content: response.text },
      { role: 'user', content: repairPrompt(problems, output) },
    );
  }
}
