import type { Command } from '../command.js';
import { faultsCommand } from './faults.js';
import { scenariosCommand } from './scenarios.js';
import { tasksCommand } from './tasks.js';

export const COMMANDS: Command[] = [tasksCommand, faultsCommand, scenariosCommand];
