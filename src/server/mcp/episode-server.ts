import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { type ActionTool, actionToolsOf, ERROR_CATALOGUE, FiredrillError, type GradeReport, RewardProfileSchema, type StepResult } from '../../contracts/index.js';
import { Environment } from '../../env/environment.js';
import type { TaskRegistry } from '../../env/registry.js';
import { BRIEFING_URI, GRADE_REPORT_URI, observationText, renderBriefing } from './briefing.js';
import { ON_CALL_PROMPT_NAME, onCallPrompt } from './on-call-prompt.js';

export const MCP_SERVER_NAME = 'firedrill';

/** Which episode an MCP session plays; the CLI flags and the HTTP query parameters both parse to this. */
export const McpEpisodeOptionsSchema = z.strictObject({
  task: z.string().min(1).max(128).optional().describe('Task id (default: the first registered task).'),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('Seed (default 0).'),
  reward_profile: RewardProfileSchema.optional(),
  private_world: z.boolean().optional().describe('Draw the world from the seed keyed by the episode secret (FIREDRILL_EPISODE_SECRET).'),
});
export type McpEpisodeOptions = z.infer<typeof McpEpisodeOptionsSchema>;

export interface EpisodeMcpServerOptions extends McpEpisodeOptions {
  registry: TaskRegistry;
  /** Reported to clients in serverInfo. */
  version?: string;
  /** Operator log (never the protocol channel): the end of the episode and internal failures. */
  log?: (line: string) => void;
}

export interface EpisodeMcpServer {
  readonly server: McpServer;
  readonly env: Environment;
  readonly taskId: string;
  readonly seed: number;
}

/** Largest number of array elements plus object members in one call's arguments. */
const MAX_TOOL_INPUT_ELEMENTS = 1000;

/**
 * An MCP server for one episode of a task: one tool per action (never reset/step/state/close), the incident
 * briefing and, once the episode has ended, the grade report (without the seed) as resources, and the on-call prompt.
 * The episode is reset here, so an unknown task throws UNKNOWN_TASK before any transport is involved.
 */
export function createEpisodeMcpServer(options: EpisodeMcpServerOptions): EpisodeMcpServer {
  const env = new Environment(options.registry);
  const seed = options.seed ?? 0;
  const reset = env.reset({
    seed,
    ...(options.task === undefined ? {} : { task_id: options.task }),
    ...(options.reward_profile === undefined ? {} : { reward_profile: options.reward_profile }),
    ...(options.private_world === true ? { private_world: true } : {}),
  });
  const engine = env.engine;
  if (!engine) throw new FiredrillError('RESET_NEEDED');
  const server = mcpServerFor(env, reset, { sealed: false, step: (action) => env.step(action), version: options.version, log: options.log });
  return { server, env, taskId: engine.info.id, seed };
}

export interface SealedEpisodeOptions {
  /** Takes one step of the trainer's episode (the caller checks the episode is still the one the agent was handed). */
  step: (action: unknown) => StepResult;
  version?: string;
  log?: (line: string) => void;
}

/**
 * An MCP server over an episode a trainer already reset (an agent handle, see docs/protocol.md): the same tools,
 * briefing and prompt, but sealed — tool results carry no reward, the last one no score, and the grade report is
 * never published (the trainer reads it with GET /report).
 */
export function createSealedEpisodeMcpServer(env: Environment, options: SealedEpisodeOptions): McpServer {
  const current = env.lastResult;
  if (!env.running || !current) throw new FiredrillError('RESET_NEEDED');
  return mcpServerFor(env, current, { sealed: true, step: options.step, version: options.version, log: options.log });
}

interface ServerOptions {
  sealed: boolean;
  step: (action: unknown) => StepResult;
  version: string | undefined;
  log: ((line: string) => void) | undefined;
}

function mcpServerFor(env: Environment, first: StepResult, options: ServerOptions): McpServer {
  const engine = env.engine;
  if (!engine) throw new FiredrillError('RESET_NEEDED');
  const tools = actionToolsOf(engine.actionSchema);
  const briefing = renderBriefing(first);

  const server = new McpServer(
    { name: MCP_SERVER_NAME, title: 'Firedrill incident', version: options.version ?? '0.0.0' },
    {
      capabilities: { tools: {}, resources: {}, prompts: {} },
      instructions: `You are on call for a simulated production incident. Read the resource ${BRIEFING_URI} (or the ${ON_CALL_PROMPT_NAME} prompt), investigate and fix with the tools, then write_postmortem and resolve.`,
      maxToolInputElements: MAX_TOOL_INPUT_ELEMENTS,
    },
  );

  let gradeReportPublished = false;
  const publishGradeReport = (report: GradeReport) => {
    if (gradeReportPublished) return;
    gradeReportPublished = true;
    options.log?.(`episode ${report.episode_id} ended: task ${report.task_id} seed ${report.seed} score ${report.score} after ${report.steps} steps`);
    if (options.sealed) return;
    // The seed stays with whoever configured the session: a client that learns it can replay the incident elsewhere.
    const { seed: _seed, ...published } = report;
    server.registerResource(
      'grade-report',
      GRADE_REPORT_URI,
      { title: 'Grade report', description: 'Every rubric criterion with its points and reason, penalties and the ground truth.', mimeType: 'application/json' },
      (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(published, null, 2) }] }),
    );
  };

  for (const tool of tools) {
    server.registerTool(tool.name, { description: tool.description, inputSchema: tool.input }, (args: Record<string, unknown>) =>
      callTool(env, tool, args, options, publishGradeReport),
    );
  }

  server.registerResource(
    'incident-briefing',
    BRIEFING_URI,
    { title: 'Incident briefing', description: 'The incident as paged: goal, times, step budget and the first page of alerts.', mimeType: 'text/markdown' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: briefing }] }),
  );

  const prompt = onCallPrompt(tools.map((t) => t.name));
  server.registerPrompt(
    ON_CALL_PROMPT_NAME,
    { title: 'On-call SRE', description: 'System prompt for playing this incident as the on-call engineer, followed by the incident briefing.' },
    () => ({
      description: 'On-call SRE for this incident',
      messages: [{ role: 'user', content: { type: 'text', text: `${prompt}\n\n---\n\n${briefing}` } }],
    }),
  );

  return server;
}

function callTool(env: Environment, tool: ActionTool, args: Record<string, unknown>, options: ServerOptions, onEnd: (report: GradeReport) => void): CallToolResult {
  let result: StepResult;
  try {
    result = options.step(tool.toAction(args));
  } catch (err) {
    if (err instanceof FiredrillError) return toolError(`${err.code}: ${err.message}`);
    options.log?.(`tool ${tool.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return toolError(`EXECUTION_ERROR: ${ERROR_CATALOGUE.EXECUTION_ERROR.message}`);
  }
  let text = observationText(result);
  if (result.done) {
    const report = env.report();
    if (report) onEnd(report);
    if (options.sealed) text += '\n\n---\nThe episode has ended.';
    else if (report) text += `\n\n---\nThe episode has ended. Score: ${report.score}. The grade report is the resource ${GRADE_REPORT_URI}.`;
  }
  return {
    content: [{ type: 'text', text }],
    structuredContent: options.sealed ? { observation: result.observation, done: result.done } : { observation: result.observation, reward: result.reward, done: result.done },
  };
}

function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
