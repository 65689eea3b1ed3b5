/**
 * The real Claude Desktop configs in ../shared/corpus/claude-desktop/ (see its PROVENANCE.md):
 * the broken one is reported at its line, and the faults PROVENANCE.md describes are found.
 * A clone without ../shared skips this file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const CORPUS = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'claude-desktop');
const present = existsSync(path.join(CORPUS, 'PROVENANCE.md'));
if (!present) console.warn(`skipping the corpus tests: ${CORPUS} not found (it is in the shared folder beside the repository)`);

interface Finding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

const byPrefix = (prefix: string) => readdirSync(CORPUS).find((f) => f.startsWith(prefix))!;

(present ? describe : describe.skip)('the shared corpus of Claude Desktop configs', () => {
  let findings: Finding[];
  let summary: { files: number; skipped: number };
  let windows: Finding[];

  beforeAll(() => {
    const r = runCli(['validate', '.', '--format', 'json'], { cwd: CORPUS });
    expect(r.code).toBe(1);
    ({ findings, summary } = JSON.parse(r.stdout));
    windows = JSON.parse(runCli(['validate', '.', '--format', 'json', '--platform', 'win32'], { cwd: CORPUS }).stdout).findings;
  });
  const of = (prefix: string, list = findings) => list.filter((f) => f.file === byPrefix(prefix));
  const line = (prefix: string, needle: string) => readFileSync(path.join(CORPUS, byPrefix(prefix)), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

  test('every file is recognised and checked, and no rule fails', () => {
    const jsonFiles = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));
    expect(summary).toMatchObject({ files: jsonFiles.length, skipped: 0 });
    expect(findings.filter((f) => f.ruleId === 'core/rule-failed')).toEqual([]);
    expect(findings.every((f) => f.line >= 1 && f.column >= 1)).toBe(true);
  });

  test('the Handlebars template (zenibako, PROVENANCE #33) is desktop/json-syntax at its first {{', () => {
    const at = line('zenibako__', '{{');
    expect(of('zenibako__').map((f) => [f.ruleId, f.line, f.column])).toEqual([['desktop/json-syntax', at, 1]]);
  });

  test('exactly the files with an entry without "command" (PROVENANCE: 8) get desktop/remote-entry', () => {
    const expected = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.json'))
      .filter((f) => {
        try {
          const servers = JSON.parse(readFileSync(path.join(CORPUS, f), 'utf8')).mcpServers ?? {};
          return Object.values(servers).some((entry) => typeof entry === 'object' && entry !== null && !('command' in entry));
        } catch {
          return false;
        }
      })
      .sort();
    expect(expected).toHaveLength(8);
    expect([...new Set(findings.filter((f) => f.ruleId === 'desktop/remote-entry').map((f) => f.file))].sort()).toEqual(expected);
  });

  test('the Curity example (#1): placeholder CA path, unpinned mcp-remote; on Windows its JSON argument breaks', () => {
    const curity = of('curityio__');
    expect(curity.map((f) => f.ruleId).sort()).toEqual(['desktop/ca-cert-path', 'mcp-remote/version-pin']);
    const ca = curity.find((f) => f.ruleId === 'desktop/ca-cert-path')!;
    expect(ca.line).toBe(line('curityio__', 'NODE_EXTRA_CA_CERTS'));
    expect(ca.message).toMatch(/MYUSER|placeholder/);
    const onWindows = of('curityio__', windows).filter((f) => f.ruleId === 'mcp-remote/windows-unsafe-arg');
    expect(onWindows).toHaveLength(1);
    expect(onWindows[0].line).toBe(line('curityio__', '--static-oauth-client-metadata'));
  });

  test('http URLs without --allow-http (#4): one https-required error per entry', () => {
    const text = readFileSync(path.join(CORPUS, byPrefix('inggerman__')), 'utf8');
    const entries = Object.keys(JSON.parse(text).mcpServers).length;
    expect(entries).toBe(35);
    expect(of('inggerman__').filter((f) => f.ruleId === 'mcp-remote/https-required' && f.severity === 'error')).toHaveLength(entries);
  });

  test('servers outside mcpServers (#36), placeholders and look-alike packages', () => {
    expect(of('peterahl__').filter((f) => f.ruleId === 'desktop/server-outside-mcp-servers').map((f) => f.message.split('"')[1])).toEqual(['github', 'git', 'fetch']);
    expect(of('wellingtonestevao-png__').map((f) => f.ruleId)).toContain('mcp-remote/url');
    expect(of('HomenShum__').map((f) => f.ruleId).sort()).toEqual(['mcp-remote/package', 'mcp-remote/url']);
    expect(of('delta-and-beta__').map((f) => f.ruleId)).toContain('desktop/secret-in-args');
  });

  test('a header with a space (#6) breaks on Windows only; a preferences-only file (#30) is fine', () => {
    expect(of('tgget__').map((f) => f.ruleId)).not.toContain('mcp-remote/windows-unsafe-arg');
    expect(of('tgget__', windows).filter((f) => f.ruleId === 'mcp-remote/windows-unsafe-arg')).toHaveLength(1);
    expect(of('phatblat__')).toEqual([]);
  });
});
