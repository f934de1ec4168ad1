import { z } from 'zod';

/** Options of the LLM agent; every CLI flag and factory call passes through this schema. */
export const LlmAgentOptionsSchema = z.strictObject({
  baseUrl: z.url().default('https://api.openai.com/v1').describe('Any OpenAI-compatible endpoint (vLLM, TGI, Ollama, HF router, OpenAI).'),
  model: z.string().min(1).default('gpt-4o-mini'),
  apiKey: z.string().optional().describe('Defaults to OPENAI_API_KEY or HF_TOKEN (resolved by the CLI).'),
  temperature: z.number().min(0).max(2).optional(),
  /** Sent as `seed`; when absent, a seed derived from the episode seed and repeat is sent. */
  seed: z.number().int().min(0).optional(),
  maxTokens: z.number().int().min(1).max(65536).default(1024),
  stream: z.boolean().default(false),
  /** `native`: tool calling only; `json`: actions as JSON in the reply text; `auto`: tools, falling back to JSON when the server rejects them. */
  toolMode: z.enum(['auto', 'native', 'json']).default('auto'),
  /** Characters of one observation shown to the model before it is truncated with a note. */
  maxObservationChars: z.number().int().min(200).default(6000),
  /** Observations older than the newest this many are replaced by a one-line summary. */
  keepFullObservations: z.number().int().min(1).default(4),
  /** Re-asks per turn when the reply holds no readable action. */
  maxParseRetries: z.number().int().min(0).max(10).default(2),
  maxRetries: z.number().int().min(0).max(20).default(5),
  retryBaseMs: z.number().int().min(0).default(1000),
  retryMaxMs: z.number().int().min(0).default(60_000),
  timeoutMs: z.number().int().min(1).default(120_000),
  /** US dollars per million tokens, for cost accounting. */
  priceInputPerM: z.number().min(0).default(0),
  priceOutputPerM: z.number().min(0).default(0),
});
export type LlmAgentOptions = z.infer<typeof LlmAgentOptionsSchema>;
export type LlmAgentInput = z.input<typeof LlmAgentOptionsSchema>;
