import type { Agent } from './agent.js';
import { bruteDiagnoserAgent, doNothingAgent, escalateSpamAgent, fixEverythingAgent, prematureResolveAgent, stufferAgent } from './reference/exploits.js';
import { investigatorAgent } from './reference/investigator.js';
import { oracleAgent } from './reference/oracle.js';
import { randomAgent } from './reference/random.js';
import { reactiveAgent } from './reference/reactive.js';

/** Options a reference agent factory accepts (none so far; kept for the registry's factory signature). */
export type ReferenceAgentOptions = Record<string, unknown>;

/**
 * The reference agents by command-line name: baselines that calibrate the scale (random, oracle, reactive,
 * investigator) and exploits the graders must hold against. They play native-action tasks only.
 */
export const REFERENCE_AGENTS: Record<string, (opts?: ReferenceAgentOptions) => Agent> = {
  random: () => randomAgent(),
  oracle: () => oracleAgent(),
  reactive: () => reactiveAgent(),
  investigator: () => investigatorAgent(),
  stuffer: () => stufferAgent(),
  'brute-diagnoser': () => bruteDiagnoserAgent(),
  'fix-everything': () => fixEverythingAgent(),
  'do-nothing': () => doNothingAgent(),
  'premature-resolve': () => prematureResolveAgent(),
  'escalate-spam': () => escalateSpamAgent(),
};

/** One-line summaries for `--help` and the agent registry. */
export const REFERENCE_AGENT_SUMMARIES: Record<keyof typeof REFERENCE_AGENTS, string> = {
  random: 'Uniformly random well-formed actions (the floor)',
  oracle: 'Reads the ground truth in process and plays the expert plan (proves solvability)',
  reactive: 'Acts on the loudest alert by keyword, like devops-incident-response’s rule-based baseline',
  investigator: 'Walks the dependency graph to the deepest unhealthy service and infers the fault from symptoms',
  stuffer: 'Exploit: every service, fault and fix word in every free-text field and claim',
  'brute-diagnoser': 'Exploit: diagnoses every service × fault',
  'fix-everything': 'Exploit: applies every fix to every service',
  'do-nothing': 'Exploit: waits until the episode is cut off',
  'premature-resolve': 'Exploit: resolves at once',
  'escalate-spam': 'Exploit: pages every team over and over',
};
