/**
 * Issue 6: the text edit behind install and uninstall changes our entry and not one other byte,
 * in every layout; and the check that guards each write catches any other change.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mergeServerEntry, removeServerEntry } from '../src/generators/desktop-config-merge.js';
import { mergeProblem } from '../src/install/merge-check.js';
import { parseStrictJson } from '../src/json/strict.js';
import { REPO_ROOT } from './helpers/cli.js';

const ENTRY = { command: 'npx', args: ['-y', 'mcp-remote@0.15.1', 'https://mcp.acme.test/mcp', '--static-oauth-client-metadata', '{"client_name":"Acme \\"quoted\\" ü","scope":"acme/read"}'], env: { NODE_EXTRA_CA_CERTS: 'C:\\certs\\ca.crt' } };

/** `after` is `before` with one piece of text inserted. */
function insertionOnly(before: string, after: string): boolean {
  let common = 0;
  while (common < before.length && before[common] === after[common]) common++;
  return after.endsWith(before.slice(common)) && after.length > before.length;
}

/** Uninstall after install restores every byte (a file that had no mcpServers keeps an empty one). */
function expectRemovalGivesBack(before: string, after: string, name: string): void {
  const removed = removeServerEntry(after, name);
  if ('mcpServers' in JSON.parse(before)) expect(removed).toBe(before);
  else expect(JSON.stringify(JSON.parse(removed))).toBe(JSON.stringify({ ...JSON.parse(before), mcpServers: {} }));
}

const LAYOUTS: Record<string, string> = {
  '2 spaces': '{\n  "mcpServers": {\n    "a": {\n      "command": "x"\n    }\n  },\n  "globalShortcut": "Alt+Space"\n}\n',
  'tabs': '{\n\t"mcpServers": {\n\t\t"a": {"command": "x"}\n\t}\n}',
  'CRLF, 4 spaces': '{\r\n    "mcpServers": {\r\n        "a": {\r\n            "command": "x"\r\n        }\r\n    }\r\n}\r\n',
  'one line': '{"mcpServers":{"a":{"command":"x"}},"preferences":{"menuBarEnabled":true}}',
  'one line with spaces': '{ "mcpServers": { "a": { "command": "x" } } }',
  'no mcpServers': '{\n  "preferences": {\n    "sidebarMode": null\n  }\n}\n',
  'empty mcpServers, other keys': '{\n  "globalShortcut": "",\n  "mcpServers": {}\n}\n',
  'odd spacing': '{\n  "mcpServers" :   {\n      "a"  :  { "command" : "x" }   ,\n  "b": {"command": "y"}\n  }\n}\n',
};

describe('mergeServerEntry', () => {
  test.each(Object.entries(LAYOUTS))('%s: a pure insertion that the merge check accepts; removing it gives back every byte', (_name, before) => {
    const after = mergeServerEntry(before, 'acme', ENTRY);
    expect(mergeProblem(before, after, 'acme', ENTRY)).toBeUndefined();
    expect(insertionOnly(before, after)).toBe(true);
    expect(JSON.parse(after).mcpServers.acme).toEqual(ENTRY);
    expectRemovalGivesBack(before, after, 'acme');
  });

  test('replacing an entry changes only its value; the neighbours keep their bytes', () => {
    const before = '{\n  "mcpServers": {\n    "a": {"command": "x"},\n    "acme": {"command": "old", "args": []},\n    "z": {"command": "z"}\n  }\n}\n';
    const after = mergeServerEntry(before, 'acme', ENTRY);
    expect(mergeProblem(before, after, 'acme', ENTRY)).toBeUndefined();
    expect(after.startsWith('{\n  "mcpServers": {\n    "a": {"command": "x"},\n    "acme": {\n      "command": "npx",')).toBe(true);
    expect(after.endsWith('\n    },\n    "z": {"command": "z"}\n  }\n}\n')).toBe(true);
  });

  test('`{}` and an empty file become the app\'s own 2-space layout', () => {
    expect(mergeServerEntry('{}', 'acme', { command: 'x' })).toBe('{\n  "mcpServers": {\n    "acme": {\n      "command": "x"\n    }\n  }\n}');
    expect(mergeServerEntry('{"mcpServers": {}}\n', 'acme', { command: 'x' })).toBe('{\n  "mcpServers": {\n    "acme": {\n      "command": "x"\n    }\n  }\n}\n');
    expect(mergeServerEntry('', 'acme', { command: 'x' })).toBe('{\n  "mcpServers": {\n    "acme": {\n      "command": "x"\n    }\n  }\n}\n');
  });

  test('refuses what it cannot edit safely', () => {
    expect(() => mergeServerEntry('{"mcpServers": []}', 'a', ENTRY)).toThrow(/"mcpServers" is not an object/);
    expect(() => mergeServerEntry('[1]', 'a', ENTRY)).toThrow(/not a JSON object/);
    expect(() => mergeServerEntry('{"mcpServers": {"a": {}, "a": {}}}', 'a', ENTRY)).toThrow(/"a" twice/);
    expect(() => mergeServerEntry('{"a": 1,}', 'a', ENTRY)).toThrow(/line 1, column 8: trailing comma/);
  });
});

describe('removeServerEntry', () => {
  const three = '{\n  "mcpServers": {\n    "a": {"command": "x"},\n    "b": {"command": "y"},\n    "c": {"command": "z"}\n  },\n  "k": 1\n}\n';
  test.each([
    ['a', '{\n  "mcpServers": {\n    "b": {"command": "y"},\n    "c": {"command": "z"}\n  },\n  "k": 1\n}\n'],
    ['b', '{\n  "mcpServers": {\n    "a": {"command": "x"},\n    "c": {"command": "z"}\n  },\n  "k": 1\n}\n'],
    ['c', '{\n  "mcpServers": {\n    "a": {"command": "x"},\n    "b": {"command": "y"}\n  },\n  "k": 1\n}\n'],
  ])('removes %s and nothing else', (name, expected) => {
    expect(removeServerEntry(three, name)).toBe(expected);
    expect(mergeProblem(three, expected, name, undefined)).toBeUndefined();
  });

  test('the last entry leaves "mcpServers": {}; an absent one changes nothing', () => {
    expect(removeServerEntry('{\n  "mcpServers": {\n    "a": {"command": "x"}\n  }\n}\n', 'a')).toBe('{\n  "mcpServers": {}\n}\n');
    expect(removeServerEntry(three, 'nope')).toBe(three);
  });
});

describe('mergeProblem catches any other change', () => {
  const before = '{"globalShortcut": "A", "mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}}, "p": {"x": 1, "y": 2}}';
  test.each([
    ['a changed top-level value', '{"globalShortcut": "B", "mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}, "n": {"command": "n"}}, "p": {"x": 1, "y": 2}}', /"globalShortcut" changed/],
    ['re-ordered keys inside a value', '{"globalShortcut": "A", "mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}, "n": {"command": "n"}}, "p": {"y": 2, "x": 1}}', /"p" changed/],
    ['a dropped top-level key', '{"mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}, "n": {"command": "n"}}, "p": {"x": 1, "y": 2}}', /top-level keys changed/],
    ['another server changed', '{"globalShortcut": "A", "mcpServers": {"a": {"command": "X"}, "b": {"command": "y"}, "n": {"command": "n"}}, "p": {"x": 1, "y": 2}}', /server "a" changed/],
    ['servers re-ordered', '{"globalShortcut": "A", "mcpServers": {"b": {"command": "y"}, "a": {"command": "x"}, "n": {"command": "n"}}, "p": {"x": 1, "y": 2}}', /order changed/],
    ['the wrong entry', '{"globalShortcut": "A", "mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}, "n": {"command": "m"}}, "p": {"x": 1, "y": 2}}', /not the one meant/],
    ['invalid JSON', '{"globalShortcut": "A",}', /not valid JSON/],
  ])('%s', (_what, after, problem) => {
    expect(mergeProblem(before, after, 'n', { command: 'n' })).toMatch(problem);
  });
});

// Real configs from public repositories (../shared/corpus); a user's clone has no ../shared.
const CORPUS = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'claude-desktop');
const corpusFiles = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.json')) : [];
if (corpusFiles.length === 0) {
  test.skip(`real configs (skipped: ${CORPUS} is not present in this checkout)`, () => undefined);
} else {
  describe('real configs from ../shared/corpus/claude-desktop', () => {
    test.each(corpusFiles)('%s: valid ones take the entry as an insertion and give it back; invalid ones are refused', (file) => {
      const before = readFileSync(path.join(CORPUS, file), 'utf8');
      const parsed = parseStrictJson(before);
      const servers = parsed.ok ? (parsed.value as { mcpServers?: unknown }).mcpServers : undefined;
      if (!parsed.ok || typeof parsed.value !== 'object' || Array.isArray(parsed.value) || (servers !== undefined && (typeof servers !== 'object' || servers === null || Array.isArray(servers)))) {
        expect(() => mergeServerEntry(before, 'mcpauth-test', ENTRY)).toThrow(/nothing was changed/);
        return;
      }
      const after = mergeServerEntry(before, 'mcpauth-test', ENTRY);
      expect(mergeProblem(before, after, 'mcpauth-test', ENTRY)).toBeUndefined();
      expect(insertionOnly(before, after)).toBe(true);
      expectRemovalGivesBack(before, after, 'mcpauth-test');
    });
  });
}
