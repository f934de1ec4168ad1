import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { serveCommand } from './serve.js';
import { tasksCommand } from './tasks.js';

export const COMMANDS: Command[] = [serveCommand, tasksCommand, checkCommand];
