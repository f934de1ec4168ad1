import type { Agent } from './agent.js';
import { bruteDiagnoserAgent, doNothingAgent, escalateSpamAgent, fixEverythingAgent, prematureResolveAgent, stufferAgent } from './reference/exploits.js';
import { investigatorAgent } from './reference/investigator.js';
import { type Learner, loudestServicesAgent, memoriser, revertRecentAgent, tellLearner } from './reference/learners.js';
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
  'revert-recent': () => revertRecentAgent(),
  'most-alerts': () => loudestServicesAgent(),
};

/**
 * Exploits that learn: each plays training seeds, reads the grade reports, then plays held-out seeds
 * (`firedrill validate` trains them per task on `--train-seeds`). `tell-chance` is the tell-learner ranking at
 * kind alone: the chance level its localization is held to.
 */
export const LEARNING_AGENTS: Record<string, () => Learner> = {
  memoriser: () => memoriser(),
  'tell-learner': () => tellLearner(),
  'tell-chance': () => tellLearner({ chance: true }),
  'history-tell-learner': () => tellLearner({ historyOnly: true }),
};

export const LEARNING_AGENT_SUMMARIES: Record<keyof typeof LEARNING_AGENTS, string> = {
  memoriser: 'Exploit: learns task → answer from training reports and replays it on held-out seeds',
  'tell-learner': 'Exploit: learns which surface features co-occur with roots and fixes the services that have them',
  'tell-chance': 'The tell-learner ranking services by their kind alone, ties at random (the chance level for its localization)',
  'history-tell-learner': 'Exploit: the tell-learner on change history, configuration, names and listing order only (no symptoms)',
};

export type { Learner };

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
  'revert-recent': 'Exploit: reverts the most recent releases and configuration changes',
  'most-alerts': 'Exploit: restarts and scales the services with the most alerts',
};
