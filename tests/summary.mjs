// Prints vitest's totals as one plain "N passed, N failed" line (read by CI), from its JSON report.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(new URL('./artifacts/vitest.json', import.meta.url), 'utf8'));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(report.numFailedTests > 0 || report.numTotalTests === 0 ? 1 : 0);
