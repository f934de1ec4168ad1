import type { Command } from '../command.js';
import { tasksCommand } from './tasks.js';
import { validateCommand } from './validate.js';

export const COMMANDS: Command[] = [tasksCommand, validateCommand];
