import type { Command } from '../command.js';
import { serveCommand } from './serve.js';
import { tasksCommand } from './tasks.js';

export const COMMANDS: Command[] = [tasksCommand, serveCommand];
