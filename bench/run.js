#!/usr/bin/env node
// `npm run bench`: start-up and throughput of mcpauth next to the floors and tools it competes with.
// Prints one line per comparison with the ratio and writes every figure to bench/results.json.
// `--smoke` runs each measurement once on a handful of files (used by npm test; no timing is judged).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { curityFragment, desktopConfig, writeFiles } from './fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const smoke = process.argv.includes('--smoke');
const reps = smoke ? 1 : Number(process.env.BENCH_REPS ?? 7);
const counts = smoke ? { many: 20, xml: 5, huge: 40 } : { many: 2000, xml: 500, huge: 20000 };
const bin = path.join(root, 'bin', 'mcpauth.js');
const ajvBin = path.join(root, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'mcpauth-bench-'));

function run(cmd, args, options = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr, fd3: r.output?.[3] };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall time over `reps` runs (after one warm-up), failing loudly if the command fails. */
function time(label, cmd, args, okStatus = [0]) {
  run(cmd, args);
  const samples = [];
  for (let i = 0; i < reps; i++) {
    const r = run(cmd, args);
    if (!okStatus.includes(r.status)) throw new Error(`${label} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    samples.push(r.ms);
  }
  return { label, medianMs: Math.round(median(samples) * 10) / 10, samplesMs: samples.map((s) => Math.round(s)) };
}

function peakRssKiB(args) {
  const r = run(process.execPath, [path.join(root, 'bench', 'peak-rss.js'), ...args]);
  if (r.status !== 0) throw new Error(`peak-rss ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return Number(r.fd3);
}

const results = { machine: { cpus: os.cpus().length, node: process.version, platform: process.platform }, reps, smoke, comparisons: [] };
const line = (a, b, target) => {
  const ratio = Math.round((a.medianMs / b.medianMs) * 100) / 100;
  results.comparisons.push({ subject: a, baseline: b, ratio, target });
  console.log(`${a.label.padEnd(44)} ${String(a.medianMs).padStart(8)} ms   vs ${b.label.padEnd(34)} ${String(b.medianMs).padStart(8)} ms   ratio ${ratio}${target ? `  (target ≤ ${target})` : ''}`);
};

try {
  const one = path.join(work, 'one', 'claude_desktop_config.json');
  writeFiles(path.dirname(one), 0, desktopConfig, 'json');
  writeFileSync(one, desktopConfig(0));
  const many = writeFiles(path.join(work, 'many'), counts.many, desktopConfig, 'json');
  const xml = writeFiles(path.join(work, 'xml'), counts.xml, curityFragment, 'xml');

  const floor = time('node -e 0', process.execPath, ['-e', '0']);
  line(time('mcpauth --version', process.execPath, [bin, '--version']), floor, 1.5);
  line(time('mcpauth validate (1 desktop config)', process.execPath, [bin, 'validate', one]), floor, 2);

  const ajv = time(`ajv validate (${counts.many} desktop configs)`, process.execPath, [
    ajvBin, 'validate', '--spec=draft2020', '-c', 'ajv-formats', '-s', path.join(root, 'schemas', 'desktop-config.schema.json'), '-d', `${many}/*.json`,
  ]);
  line(time(`mcpauth validate (${counts.many} desktop configs)`, process.execPath, [bin, 'validate', many]), ajv, 0.5);

  const xmllint = spawnSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' }).stdout.trim();
  if (xmllint) {
    const files = Array.from({ length: counts.xml }, (_, i) => path.join(xml, `f-${String(i).padStart(5, '0')}.xml`));
    line(time(`mcpauth validate (${counts.xml} Curity fragments)`, process.execPath, [bin, 'validate', xml], [0, 1]), time(`xmllint --noout (${counts.xml} files)`, xmllint, ['--noout', ...files]));
  } else {
    console.log(`xmllint not installed: skipped the Curity comparison (apt-get install libxml2-utils)`);
  }

  const huge = writeFiles(path.join(work, 'huge'), counts.huge, desktopConfig, 'json');
  const rssMany = peakRssKiB(['validate', many]);
  const rssHuge = peakRssKiB(['validate', huge]);
  results.memory = { [`${counts.many}`]: rssMany, [`${counts.huge}`]: rssHuge, ratio: Math.round((rssHuge / rssMany) * 100) / 100, target: 1.5 };
  console.log(`peak RSS: ${counts.many} files ${Math.round(rssMany / 1024)} MiB, ${counts.huge} files ${Math.round(rssHuge / 1024)} MiB   ratio ${results.memory.ratio}  (target ≤ 1.5)`);

  if (!smoke) writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  else console.log('smoke run: nothing written');
} finally {
  rmSync(work, { recursive: true, force: true });
}
