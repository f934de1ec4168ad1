import type { Command } from '../command.js';
import { evalCommand } from './eval.js';
import { exportCommand } from './export.js';
import { replayCommand } from './replay.js';
import { runsCommand } from './runs.js';
import { tasksCommand } from './tasks.js';

export const COMMANDS: Command[] = [tasksCommand, evalCommand, runsCommand, replayCommand, exportCommand];
