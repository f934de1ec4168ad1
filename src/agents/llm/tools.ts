import { actionToolsOf, inputJsonSchemaOf, type JsonSchema, NATIVE_ACTIONS, NativeActionSchema, type NativeActionType, type ToolSpec } from '../../contracts/index.js';

/** The single tool of tasks whose action schema is not the native one. */
export const ACT_TOOL = 'act';

const GENERIC_ACTION_SCHEMA: JsonSchema = { type: 'object', description: 'The action object.', additionalProperties: true };

export function isNativeActionType(name: string): name is NativeActionType {
  return Object.hasOwn(NATIVE_ACTIONS, name);
}

/** One tool per native action (name = action_type), its arguments the action's JSON Schema without `action_type`. */
export function nativeToolSpecs(names: readonly string[] = Object.keys(NATIVE_ACTIONS)): ToolSpec[] {
  const tools = actionToolsOf(NativeActionSchema);
  return names.filter(isNativeActionType).flatMap((name) => {
    const tool = tools.find((t) => t.name === name);
    if (!tool) return [];
    const { $schema: _dialect, description: _d, ...inputSchema } = inputJsonSchemaOf(tool);
    return [{ name, description: tool.description, inputSchema }];
  });
}

/** The `act` tool: its arguments are the task's whole action schema. */
export function actToolSpec(actionSchema?: JsonSchema): ToolSpec {
  const { $schema: _s, ...inputSchema } = actionSchema ?? GENERIC_ACTION_SCHEMA;
  return {
    name: ACT_TOOL,
    description: 'Take one action in the environment. The argument is the action object itself.',
    // Function parameters must be an object schema; a union of action objects still is one.
    inputSchema: { ...inputSchema, type: 'object' },
  };
}

/** The environment action that a call of `tool` with `args` stands for. */
export function actionFromToolCall(tool: string, args: Record<string, unknown>): unknown {
  return tool === ACT_TOOL ? args : { action_type: tool, ...args };
}

/** The tool call that stands for `action` (the inverse of actionFromToolCall), for transcripts. */
export function toolCallForAction(action: unknown, native: boolean): { name: string; args: Record<string, unknown> } {
  const obj = typeof action === 'object' && action !== null && !Array.isArray(action) ? (action as Record<string, unknown>) : { value: action };
  if (native && typeof obj['action_type'] === 'string' && isNativeActionType(obj['action_type'])) {
    const { action_type, ...args } = obj;
    return { name: action_type as string, args };
  }
  return { name: ACT_TOOL, args: obj };
}
