import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { evalCommand } from './eval.js';
import { exportCommand } from './export.js';
import { faultsCommand } from './faults.js';
import { lintTelemetryCommand } from './lint-telemetry.js';
import { mcpCommand } from './mcp.js';
import { playCommand } from './play.js';
import { replayCommand } from './replay.js';
import { runsCommand } from './runs.js';
import { scenariosCommand } from './scenarios.js';
import { serveCommand } from './serve.js';
import { tasksCommand } from './tasks.js';
import { validateCommand } from './validate.js';

export const COMMANDS: Command[] = [serveCommand, tasksCommand, playCommand, checkCommand, evalCommand, runsCommand, replayCommand, exportCommand, mcpCommand, validateCommand, lintTelemetryCommand, faultsCommand, scenariosCommand];
