/** Thrown by an agent whose model output could not be read as an action; the runner records a `ParseError` turn. */
export class AgentOutputError extends Error {
  constructor(
    message: string,
    readonly raw: string,
  ) {
    super(message);
    this.name = 'AgentOutputError';
  }
}

/** Thrown by `Agent.preflight` when the agent cannot run at all (no key, a refused key, an unreachable endpoint). */
export class AgentUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentUnavailableError';
  }
}
