import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { tasksCommand } from './tasks.js';

export const COMMANDS: Command[] = [tasksCommand, checkCommand];
