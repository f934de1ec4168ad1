/**
 * Finds the JSON object a model meant as its action in free text: a fenced code block, the whole reply, or the first
 * balanced `{…}`. Returns null when there is none.
 */
export function extractJsonObject(text: string): Record<string, unknown> | null {
  const candidates: string[] = [];
  for (const m of text.matchAll(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/g)) if (m[1]) candidates.push(m[1]);
  candidates.push(text);
  for (const c of candidates) {
    const direct = parseObject(c.trim());
    if (direct) return direct;
    const balanced = firstBalancedObject(c);
    if (balanced) {
      const parsed = parseObject(balanced);
      if (parsed) return parsed;
    }
  }
  return null;
}

/**
 * The action in a JSON-mode reply. Models sometimes answer in a tool-call shape (`{"name", "arguments"}`) instead of
 * the action itself; that is accepted too.
 */
export function actionFromText(text: string, native: boolean): Record<string, unknown> | null {
  const obj = extractJsonObject(text);
  if (!obj) return null;
  const name = obj['name'] ?? obj['tool'];
  const args = obj['arguments'] ?? obj['parameters'] ?? obj['input'];
  if (!('action_type' in obj) && typeof name === 'string' && typeof args === 'object' && args !== null && !Array.isArray(args)) {
    return native && name !== 'act' ? { action_type: name, ...(args as Record<string, unknown>) } : (args as Record<string, unknown>);
  }
  return obj;
}

function parseObject(text: string): Record<string, unknown> | null {
  if (!text.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function firstBalancedObject(text: string): string | null {
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        const candidate = text.slice(start, i + 1);
        if (parseObject(candidate)) return candidate;
        break;
      }
    }
  }
  return null;
}
