import type { Command } from '../command.js';
import { tasksCommand } from './tasks.js';

export const COMMANDS: Command[] = [tasksCommand];
