import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The runtime names each package entry exports. A change here is a change to the public API: update the list
 * on purpose (and the CHANGELOG), never to make the test pass.
 */
const PINNED: Record<string, string[]> = {
  '.': [
    'ALERT_ROLES', 'AlertRoleSchema', 'AlertSchema', 'ConfigResultSchema', 'CriterionResultSchema', 'DIAGNOSE_RULE',
    'DependenciesResultSchema', 'DeploysResultSchema', 'DifficultySchema', 'ERROR_CATALOGUE', 'ERROR_CODES',
    'EdgeViewSchema', 'Environment', 'EpisodeEndStatusSchema', 'EpisodeStateSchema', 'FAILED_END_STATUSES',
    'FAULT_KINDS', 'FIX_KINDS', 'FaultKindSchema', 'FiredrillError', 'FixKindSchema', 'FixParamsSchema',
    'GENERIC_TOOL_NAME', 'GradeReportSchema', 'HealthResultSchema', 'HttpEnvClient', 'IncidentHeaderSchema', 'LIMITS',
    'LastActionSchema', 'LogLineSchema', 'LogsResultSchema', 'MetricSummarySchema', 'MetricsResultSchema',
    'NATIVE_ACTIONS', 'NATIVE_ACTION_TYPES', 'NativeActionSchema', 'NativeObservationResultsSchema',
    'NativeObservationSchema', 'READ_RESULT_SCHEMAS', 'REFERENCE_AGENTS', 'RESERVED_TOOL_NAMES', 'ResetOptionsSchema',
    'RewardProfileSchema', 'SERVICE_KINDS', 'SEVERITIES', 'SearchHitSchema', 'SearchResultSchema',
    'ServiceKindSchema', 'ServiceListResultSchema', 'SeveritySchema', 'SpanViewSchema', 'StepResultSchema',
    'TASK_SPLITS', 'TEAMS', 'TECHNOLOGIES', 'TOOL_FORMATS', 'TRIAGE_RULES', 'TaskIndex', 'TaskInfoSchema',
    'TaskRegistry', 'TaskSourceSchema', 'TeamSchema', 'TechnologySchema', 'ToolFormatSchema', 'TracesResultSchema',
    'TrajectoryEndSchema', 'TrajectoryHeaderSchema', 'TrajectoryLineSchema', 'TrajectoryStepSchema',
    'TurnErrorSchema', 'UsageSchema', 'WsEnvClient', 'ZERO_USAGE', 'actionToolsOf', 'createApp',
    'createDefaultRegistry', 'createTaskRegistry', 'formatTools', 'inputJsonSchemaOf', 'jsonSchemaOf', 'listen',
    'runEpisode', 'sampleNativeAction', 'toolSpecOf', 'validationError', 'withoutDialect',
  ],
  './client': [
    'HttpEnvClient', 'ReadClient', 'WsEnvClient', 'errorFromReply', 'toStepResult',
  ],
  './env': [
    'Environment', 'NativeEngine', 'SNAPSHOT_VERSION', 'TASK_PAGE_MAX', 'TASK_SPLITS', 'TIME_LIMIT_MINUTES',
    'TaskIndex', 'TaskRegistry', 'createTaskRegistry',
  ],
  './contracts': [
    'ALERT_ROLES', 'AlertRoleSchema', 'AlertSchema', 'ConfigResultSchema', 'CriterionResultSchema', 'DIAGNOSE_RULE',
    'DependenciesResultSchema', 'DeploysResultSchema', 'DifficultySchema', 'ERROR_CATALOGUE', 'ERROR_CODES',
    'EdgeViewSchema', 'EpisodeEndStatusSchema', 'EpisodeStateSchema', 'FAILED_END_STATUSES', 'FAULT_KINDS',
    'FIX_KINDS', 'FaultKindSchema', 'FiredrillError', 'FixKindSchema', 'FixParamsSchema', 'GENERIC_TOOL_NAME',
    'GradeReportSchema', 'HealthResultSchema', 'IncidentHeaderSchema', 'LIMITS', 'LastActionSchema', 'LogLineSchema',
    'LogsResultSchema', 'MetricSummarySchema', 'MetricsResultSchema', 'NATIVE_ACTIONS', 'NATIVE_ACTION_TYPES',
    'NativeActionSchema', 'NativeObservationResultsSchema', 'NativeObservationSchema', 'READ_RESULT_SCHEMAS',
    'RESERVED_TOOL_NAMES', 'ResetOptionsSchema', 'RewardProfileSchema', 'SERVICE_KINDS', 'SEVERITIES',
    'SearchHitSchema', 'SearchResultSchema', 'ServiceKindSchema', 'ServiceListResultSchema', 'SeveritySchema',
    'SpanViewSchema', 'StepResultSchema', 'TEAMS', 'TECHNOLOGIES', 'TOOL_FORMATS', 'TRIAGE_RULES', 'TaskInfoSchema',
    'TaskSourceSchema', 'TeamSchema', 'TechnologySchema', 'ToolFormatSchema', 'TracesResultSchema',
    'TrajectoryEndSchema', 'TrajectoryHeaderSchema', 'TrajectoryLineSchema', 'TrajectoryStepSchema',
    'TurnErrorSchema', 'UsageSchema', 'ZERO_USAGE', 'actionToolsOf', 'formatTools', 'inputJsonSchemaOf',
    'jsonSchemaOf', 'sampleNativeAction', 'toolSpecOf', 'validationError', 'withoutDialect',
  ],
  './agents': [
    'AgentOutputError', 'AgentRegistry', 'DEFAULT_MAX_CONSECUTIVE_ERRORS', 'DEFAULT_MAX_TURNS', 'LlmAgent',
    'LlmAgentOptionsSchema', 'REFERENCE_AGENTS', 'REFERENCE_AGENT_SUMMARIES', 'createDefaultAgentRegistry',
    'gradeReportFrom', 'llmAgentEntry', 'runEpisode',
  ],
};

/** package.json `exports` entry → the source file its dist/ target is built from. */
function sourceOf(target: string): string {
  return resolve(ROOT, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
}

describe('package exports', () => {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { name: string; main: string; types: string; exports: Record<string, { types: string; import: string } | string> };

  it('declares ., ./client, ./env, ./contracts and ./agents with types, each built from an index.ts', () => {
    expect(pkg.name).toBe('firedrill');
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './agents', './client', './contracts', './env', './package.json']);
    for (const [key, entry] of Object.entries(pkg.exports)) {
      if (key === './package.json') continue;
      if (typeof entry === 'string') throw new Error(`${key} has no conditions`);
      expect(entry.types).toBe(entry.import.replace(/\.js$/, '.d.ts'));
      expect(sourceOf(entry.import)).toMatch(/index\.ts$/);
      expect(() => readFileSync(sourceOf(entry.import))).not.toThrow();
    }
    expect(pkg.main).toBe('./dist/index.js');
    expect(pkg.types).toBe('./dist/index.d.ts');
  });

  it.each(Object.keys(PINNED))('%s exports exactly the pinned names', async (key) => {
    const entry = pkg.exports[key] as { import: string };
    const mod = (await import(sourceOf(entry.import))) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual(PINNED[key]);
  });
});
