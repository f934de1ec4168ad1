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
