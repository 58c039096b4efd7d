// Prints the closing line of a CI run: the tests that Jest executed across every `--json --outputFile` report
// given, as "tests: N passed, N failed". A runner's own last line is not always a test summary (Schemathesis closes
// with a pytest-style "N warnings in Ns" banner), so CI ends on a line counted from the reports themselves.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node tools/ci/summary.mjs <jest-report.json>...');
  process.exit(2);
}

let passed = 0;
let failed = 0;
for (const file of files) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed in ${report.numTotalTestSuites} suites`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
