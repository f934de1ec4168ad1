import { main } from '../../src/cli/main.js';

/** Runs the CLI from source, as `bin/firedrill.js` runs it from dist (`node --import tsx test/mcp/cli-launcher.ts …`). */
process.exitCode = await main(process.argv.slice(2));
