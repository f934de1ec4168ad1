import type { Command } from '../command.js';
import { mcpCommand } from './mcp.js';
import { tasksCommand } from './tasks.js';

export const COMMANDS: Command[] = [tasksCommand, mcpCommand];
