#!/usr/bin/env node
// The README's test command. Runs every suite, then prints one closing line
// "N passed, N failed" over all of them and exits non-zero on any failure.
//   static checks               lint (biome) and typecheck (tsc), one check each
//   unit + web component tests  (once)
//   integration tests           on embedded PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set
//   browser E2E (Playwright)    when a Chromium exists (skipped loudly otherwise)
//   benchmark smoke             with CI set (tiny sizes, no timing assertions: it only must not rot)
// `node scripts/test.mjs [static|unit|int|e2e|bench]` runs one group.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'tunix-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const legs = [];

function vitest(name, projects, env = {}) {
  const file = join(out, `${name}.json`);
  const args = [
    'vitest',
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${file}`,
  ];
  console.log(`\n=== ${name} ===`);
  const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, ...env } });
  let passed = 0,
    failed = 0,
    skipped = 0;
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed = report.numPassedTests;
    // A file that failed to load has no test results: count it once; a failing test counts once.
    const broken = (report.testResults ?? []).filter((f) => f.status === 'failed' && !f.assertionResults?.length);
    failed = report.numFailedTests + broken.length;
    skipped = report.numPendingTests + (report.numTodoTests ?? 0);
  }
  if (run.status !== 0 && failed === 0) failed = 1; // a crash or a load error is a failure too
  record(name, passed, failed, skipped);
}

/** A command that passes or fails as a whole (lint, typecheck, bench smoke). */
function check(name, command, args) {
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(command, args, { stdio: 'inherit' });
  record(name, run.status === 0 ? 1 : 0, run.status === 0 ? 0 : 1, 0);
}

function playwright() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.log(
      `\n!!! E2E SKIPPED: no Chromium at ${chromium}. Install it (apt-get install chromium) to run the browser tests. !!!`,
    );
    return;
  }
  const file = join(out, 'e2e.json');
  console.log('\n=== e2e (Playwright, Chromium) ===');
  const run = spawnSync('npx', ['playwright', 'test', '--reporter=list,json'], {
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: file },
  });
  let passed = 0,
    failed = 0,
    skipped = 0;
  if (existsSync(file)) {
    const { stats } = JSON.parse(readFileSync(file, 'utf8'));
    passed = stats.expected + stats.flaky;
    failed = stats.unexpected;
    skipped = stats.skipped;
  }
  if (run.status !== 0 && failed === 0) failed = 1;
  record('e2e', passed, failed, skipped);
}

function record(name, passed, failed, skipped) {
  legs.push({ name, passed, failed, skipped });
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
}

const only = process.argv[2];
if (!only || only === 'static') {
  check('lint', 'npx', ['biome', 'check', '.']);
  check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
}
if (!only || only === 'unit') vitest('unit+web', ['unit', 'web']);
if (!only || only === 'int') {
  vitest('integration (PGlite)', ['int'], { TEST_DATABASE_URL: '' });
  if (process.env.TEST_DATABASE_URL) vitest('integration (PostgreSQL)', ['int']);
  else console.log('\n(note: TEST_DATABASE_URL is unset, the PostgreSQL leg of the integration suite was not run)');
}
if (!only || only === 'e2e') playwright();
if (only === 'bench' || (!only && process.env.CI)) check('bench smoke', 'npm', ['run', 'bench', '--', '--smoke']);

console.log('\nSuite summary:');
for (const leg of legs)
  console.log(`  ${leg.name}: ${leg.passed} passed, ${leg.failed} failed, ${leg.skipped} skipped`);
if (totals.skipped) console.log(`  (${totals.skipped} skipped in all)`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
