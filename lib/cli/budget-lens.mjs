#!/usr/bin/env node
// The command-line auditor: the same engine as the extension, run in Node (TypeScript via tsx).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
