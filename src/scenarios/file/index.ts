export { parseScenarioFile, toDefinition, formatScenarioErrors, type ParsedScenarioFile, type ScenarioFileError } from './parse.js';
export { ScenarioFileSchema, ScenarioCardSchema, MAX_SCENARIO_FILE_BYTES, type ScenarioFile } from './schema.js';
export { checkWorld, type SpecProblem } from './check.js';
