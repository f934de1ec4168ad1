import { type ActionTool, actionToolsOf, GENERIC_TOOL_NAME, inputJsonSchemaOf, type JsonSchema, RESERVED_TOOL_NAMES } from '../contracts/index.js';
import type { AnyEngine } from '../env/engine.js';

export { GENERIC_TOOL_NAME, RESERVED_TOOL_NAMES };

/** A task's action as an OpenEnv tool (`tools/list`, `list_tools`): its JSON Schema and how a call becomes a step. */
export interface Tool {
  name: string;
  description: string;
  input_schema: JsonSchema;
  /** The step action a call with these arguments stands for. */
  toAction(args: Record<string, unknown>): unknown;
}

const cache = new WeakMap<AnyEngine, Tool[]>();

/** The tools of a task (see contracts/tools.ts), with their JSON Schemas as every other surface publishes them. */
export function toolsOf(engine: AnyEngine): Tool[] {
  let tools = cache.get(engine);
  if (!tools) {
    tools = actionToolsOf(engine.actionSchema).map(toTool);
    cache.set(engine, tools);
  }
  return tools;
}

function toTool(tool: ActionTool): Tool {
  const { $schema: _dialect, ...schema } = inputJsonSchemaOf(tool);
  return { name: tool.name, description: tool.description, input_schema: schema, toAction: (args) => tool.toAction(args) };
}
