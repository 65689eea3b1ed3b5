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

/**
 * Median wall times of several commands over `reps` rounds (after one warm-up each). The commands
 * take turns within each round, so a machine that gets busier or quieter during the bench changes
 * every figure of a comparison alike and the ratios stay fair. Fails loudly if a command fails.
 */
function timeTogether(specs) {
  const samples = specs.map(() => []);
  const once = (spec, i) => {
    const r = run(spec.cmd, spec.args);
    if (!(spec.okStatus ?? [0]).includes(r.status)) throw new Error(`${spec.label} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    if (i !== undefined) samples[i].push(r.ms);
  };
  specs.forEach((spec) => once(spec));
  for (let round = 0; round < reps; round++) specs.forEach((spec, i) => once(spec, i));
  return specs.map((spec, i) => ({ label: spec.label, medianMs: Math.round(median(samples[i]) * 10) / 10, samplesMs: samples[i].map((s) => Math.round(s)) }));
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

  const xmllint = spawnSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' }).stdout.trim();
  const xmlFiles = Array.from({ length: counts.xml }, (_, i) => path.join(xml, `f-${String(i).padStart(5, '0')}.xml`));
  const specs = {
    floor: { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
    version: { label: 'mcpauth --version', cmd: process.execPath, args: [bin, '--version'] },
    one: { label: 'mcpauth validate (1 desktop config)', cmd: process.execPath, args: [bin, 'validate', one] },
    ajv: {
      label: `ajv validate (${counts.many} desktop configs)`,
      cmd: process.execPath,
      args: [ajvBin, 'validate', '--spec=draft2020', '-c', 'ajv-formats', '-s', path.join(root, 'schemas', 'desktop-config.schema.json'), '-d', `${many}/*.json`],
    },
    many: { label: `mcpauth validate (${counts.many} desktop configs)`, cmd: process.execPath, args: [bin, 'validate', many] },
    ...(xmllint
      ? {
          xml: { label: `mcpauth validate (${counts.xml} Curity fragments)`, cmd: process.execPath, args: [bin, 'validate', xml], okStatus: [0, 1] },
          xmllint: { label: `xmllint --noout (${counts.xml} files)`, cmd: xmllint, args: ['--noout', ...xmlFiles] },
        }
      : {}),
  };
  const names = Object.keys(specs);
  const timed = Object.fromEntries(timeTogether(names.map((n) => specs[n])).map((t, i) => [names[i], t]));
  line(timed.version, timed.floor, 1.5);
  line(timed.one, timed.floor, 2);
  line(timed.many, timed.ajv, 0.5);
  if (xmllint) line(timed.xml, timed.xmllint);
  else console.log(`xmllint not installed: skipped the Curity comparison (apt-get install libxml2-utils)`);

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
