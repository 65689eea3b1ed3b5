/**
 * desktop/: claude_desktop_config.json as Claude Desktop reads it
 * (reference/rules.md; claude-desktop-and-mcp-remote.md §3.1 and §5 CD0xx/CD1xx, MR024/MR025).
 */
import { DEMO } from '../deployment/demo.js';
import { duplicateKeys } from '../validate/parse/json.js';
import { childPointer } from '../validate/parse/pointer.js';
import { desktopEntries, isObject, shellScriptArgs, type DesktopEntry } from './desktop-entries.js';
import { mcpRemoteCall, parseRemoteArgs } from './mcp-remote-args.js';
import { targetPathProblem } from './paths.js';
import type { Rule, RuleContext } from './rule.js';
import { credentialIn } from '../secrets/credentials.js';

const ENTRY_KEYS = new Set(['command', 'args', 'env', 'extensionId']);
/** Keys of other clients' remote-server entries (Cursor, VS Code, Windsurf, Claude Code). */
export const REMOTE_KEYS = ['url', 'serverUrl', 'type', 'transport', 'headers', 'auth'];
const CA_VARIABLE = 'NODE_EXTRA_CA_CERTS';
/** Variables Claude Desktop passes on from its own environment (§1.8). */
const INHERITED = new Set(['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'APPDATA', 'HOMEDRIVE', 'HOMEPATH', 'LOCALAPPDATA', 'PROCESSOR_ARCHITECTURE', 'SYSTEMDRIVE', 'SYSTEMROOT', 'TEMP', 'USERNAME', 'USERPROFILE', 'PROGRAMFILES']);

export function isRemoteEntry(entry: DesktopEntry): boolean {
  return entry.value.command === undefined && REMOTE_KEYS.some((k) => k in entry.value);
}

function envPointer(entry: DesktopEntry, name: string): string {
  return childPointer(childPointer(entry.pointer, 'env'), name);
}

function caCertPath(entry: DesktopEntry): string | undefined {
  const value = entry.env[CA_VARIABLE];
  return typeof value === 'string' ? value : undefined;
}

/** A CA path worth opening: absolute on the target, no placeholder (desktop/ca-cert-path judges the rest). */
function usableCaCertPath(ctx: RuleContext, entry: DesktopEntry): string | undefined {
  const file = caCertPath(entry);
  if (file === undefined || targetPathProblem(file, ctx.options.platform)) return undefined;
  return file;
}

async function inspectCaCerts(ctx: RuleContext): Promise<Array<{ entry: DesktopEntry; file: string; inspection: Awaited<ReturnType<RuleContext['disk']['inspectPem']>> }>> {
  if (!ctx.options.checkFiles) return [];
  const out = [];
  for (const entry of desktopEntries(ctx.doc)) {
    const file = usableCaCertPath(ctx, entry);
    if (file !== undefined) out.push({ entry, file, inspection: await ctx.disk.inspectPem(file) });
  }
  return out;
}

const VARIABLE_FORMS: Array<{ pattern: RegExp; describe: (m: RegExpExecArray) => string }> = [
  { pattern: /(?:^|[\s=:;,"'])(~)(?=$|[\\/])/, describe: () => '"~"' },
  { pattern: /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/, describe: (m) => `"\${${m[1]}}"` },
  { pattern: /\$([A-Za-z_][A-Za-z0-9_]*)/, describe: (m) => `"$${m[1]}"` },
  { pattern: /%([A-Za-z_][A-Za-z0-9_]*)%/, describe: (m) => `"%${m[1]}%"` },
];

function unexpandedVariable(text: string): string | undefined {
  for (const form of VARIABLE_FORMS) {
    const m = form.pattern.exec(text);
    if (m) return form.describe(m);
  }
  return undefined;
}

/** Argument indexes whose variables someone else expands or that another rule judges. */
function argsExemptFromExpansion(entry: DesktopEntry): Set<number> {
  const exempt = shellScriptArgs(entry);
  const call = mcpRemoteCall(entry);
  if (!call) return exempt;
  for (const use of parseRemoteArgs(call.after).flags) {
    if (!use.value) continue;
    // mcp-remote expands ${VAR} in --header values and --static-oauth-client-info (0.15.1);
    // an @file path is judged by mcp-remote/metadata-json.
    if (use.name === '--header' || use.name === '--static-oauth-client-info') exempt.add(use.value.index);
    if (use.name === '--static-oauth-client-metadata' && use.value.value.startsWith('@')) exempt.add(use.value.index);
  }
  return exempt;
}

export const desktopRules: Rule[] = [
  {
    id: 'desktop/json-syntax',
    severity: 'error',
    appliesTo: ['desktop-config'],
    source: 'engine',
    description: 'The file is strict JSON, as Claude Desktop parses it: no comments, no trailing commas, one value, no byte-order mark.',
  },
  {
    id: 'desktop/top-level',
    severity: 'error',
    appliesTo: ['desktop-config'],
    source: 'schema',
    description: 'The top level is an object; mcpServers, if present, is an object whose values are objects.',
  },
  {
    id: 'desktop/duplicate-key',
    severity: 'warning',
    appliesTo: ['desktop-config'],
    description: 'No key appears twice in one object (JSON.parse silently keeps the last one).',
    check(ctx) {
      for (const dup of duplicateKeys(ctx.doc.tree)) {
        ctx.report(dup.keyNode, `"${dup.name}" appears more than once in this object; Claude Desktop uses only the last one`, {
          fix: 'Keep one of them (rename the other server if both are wanted).',
        });
      }
    },
  },
  {
    id: 'desktop/server-outside-mcp-servers',
    severity: 'warning',
    appliesTo: ['desktop-config'],
    description: 'Server entries sit inside mcpServers; a server-like object at the top level is ignored.',
    check(ctx) {
      const root = ctx.doc.value;
      if (!isObject(root)) return;
      for (const [key, value] of Object.entries(root)) {
        if (key === 'mcpServers' || !isObject(value)) continue;
        if (['command', 'args', 'url', 'serverUrl'].some((k) => k in value)) {
          ctx.report(childPointer('', key), `"${key}" looks like a server entry but is outside mcpServers, so Claude Desktop ignores it`, {
            anchor: 'key',
            fix: `Move "${key}" into the mcpServers object.`,
          });
        }
      }
    },
  },
  {
    id: 'desktop/remote-entry',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'Every entry starts a local program (command); Claude Desktop cannot load remote entries (url, type, transport, headers) from this file.',
    check(ctx) {
      for (const entry of desktopEntries(ctx.doc)) {
        if (!isRemoteEntry(entry)) continue;
        const keys = REMOTE_KEYS.filter((k) => k in entry.value).join('", "');
        const url = typeof entry.value.url === 'string' ? entry.value.url : typeof entry.value.serverUrl === 'string' ? entry.value.serverUrl : '<server URL>';
        const replacement = JSON.stringify({ command: 'npx', args: ['-y', `mcp-remote@${DEMO.desktop.mcpRemoteVersion}`, url] });
        ctx.report(entry.pointer, `"${entry.name}" is a remote-server entry ("${keys}") without "command"; Claude Desktop skips it`, {
          fix: `Bridge it with mcp-remote: ${replacement}, or add the server under Settings > Connectors.`,
        });
      }
    },
  },
  {
    id: 'desktop/command-required',
    severity: 'error',
    appliesTo: ['desktop-config'],
    source: 'schema',
    description: 'Every entry has a command: a non-empty string.',
  },
  {
    id: 'desktop/field-types',
    severity: 'error',
    appliesTo: ['desktop-config'],
    source: 'schema',
    description: 'args is an array of strings and env an object whose values are strings.',
  },
  {
    id: 'desktop/unknown-field',
    severity: 'warning',
    appliesTo: ['desktop-config'],
    description: 'Entries use only command, args and env; Claude Desktop ignores (and drops on rewrite) anything else.',
    check(ctx) {
      for (const entry of desktopEntries(ctx.doc)) {
        const remote = isRemoteEntry(entry);
        for (const key of Object.keys(entry.value)) {
          if (ENTRY_KEYS.has(key) || (remote && REMOTE_KEYS.includes(key))) continue;
          ctx.report(childPointer(entry.pointer, key), `"${key}" is not a Claude Desktop entry field and is ignored`, {
            anchor: 'key',
            fix: key === 'cwd' ? 'Use absolute paths in command and args instead of a working folder.' : `Remove "${key}"; only command, args and env are used.`,
          });
        }
      }
    },
  },
  {
    id: 'desktop/unexpanded-variable',
    severity: 'warning',
    appliesTo: ['desktop-config'],
    description: 'No ~, $HOME, ${VAR} or %VAR% in command, args or env: Claude Desktop expands none of them (mcp-remote expands ${VAR} only in --header and --static-oauth-client-info values).',
    check(ctx) {
      for (const entry of desktopEntries(ctx.doc)) {
        if (entry.command !== undefined) {
          const found = unexpandedVariable(entry.command);
          if (found) ctx.report(childPointer(entry.pointer, 'command'), `command holds ${found}, which Claude Desktop does not expand`, { fix: 'Write the absolute path.' });
        }
        const exempt = argsExemptFromExpansion(entry);
        for (const arg of entry.args) {
          if (exempt.has(arg.index)) continue;
          const found = unexpandedVariable(arg.value);
          if (found) ctx.report(arg.pointer, `argument ${arg.index} holds ${found}, which Claude Desktop does not expand`, { fix: 'Write the value itself (an absolute path for files).' });
        }
        for (const [name, value] of Object.entries(entry.env)) {
          if (typeof value !== 'string' || name === CA_VARIABLE) continue;
          const found = unexpandedVariable(name === 'PATH' ? value.replace(/\$\{?PATH\}?/g, '') : value);
          if (found) ctx.report(envPointer(entry, name), `env.${name} holds ${found}, which Claude Desktop does not expand`, { anchor: 'value', fix: 'Write the value itself.' });
        }
        checkHeaderVariables(ctx, entry);
      }
    },
  },
  {
    id: 'desktop/secret-in-args',
    severity: 'warning',
    appliesTo: ['desktop-config'],
    description: 'No credential (bearer token, API key, client_secret) in args, where process listings and logs show it; keep it in env.',
    check(ctx) {
      for (const entry of desktopEntries(ctx.doc)) {
        let previous: string | undefined;
        for (const arg of entry.args) {
          const what = credentialIn(arg.value, previous);
          previous = arg.value;
          if (!what) continue;
          ctx.report(arg.pointer, `argument ${arg.index} holds ${what}; arguments show up in process listings and logs`, {
            fix: 'Put the value in env (for example AUTH_HEADER) and pass --header "Authorization:${AUTH_HEADER}" to mcp-remote.',
          });
        }
      }
    },
  },
  {
    id: 'desktop/tls-verification-disabled',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'env does not set NODE_TLS_REJECT_UNAUTHORIZED to 0, which turns off certificate checks for every connection.',
    check(ctx) {
      for (const entry of desktopEntries(ctx.doc)) {
        const value = entry.env.NODE_TLS_REJECT_UNAUTHORIZED;
        if (value === '0' || value === 0) {
          ctx.report(envPointer(entry, 'NODE_TLS_REJECT_UNAUTHORIZED'), 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate verification: anyone on the network can impersonate the server', {
            anchor: 'key',
            fix: 'Remove it and trust the private CA instead with NODE_EXTRA_CA_CERTS (mcpauth --ca-cert).',
          });
        }
      }
    },
  },
  {
    id: 'desktop/ca-cert-path',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'NODE_EXTRA_CA_CERTS is an absolute path on the target computer, without placeholders (MYUSER, <…>, YOUR_) or variables.',
    check(ctx) {
      for (const entry of desktopEntries(ctx.doc)) {
        const file = caCertPath(entry);
        if (file === undefined) continue;
        const target = ctx.options.platform;
        const problem = targetPathProblem(file, target);
        if (!problem) continue;
        ctx.report(envPointer(entry, CA_VARIABLE), `NODE_EXTRA_CA_CERTS "${file}" ${problem} (Node only warns about a bad path; the TLS connection then fails)`, {
          anchor: 'value',
          fix: target === 'win32' ? 'Write the full path, such as C:\\Users\\me\\certs\\example.ca.crt.' : 'Write the full path, such as /Users/me/certs/example.ca.crt.',
        });
      }
    },
  },
  {
    id: 'desktop/ca-cert-file',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'On this computer, the NODE_EXTRA_CA_CERTS file exists, can be read and holds at least one PEM certificate.',
    async check(ctx) {
      for (const { entry, file, inspection } of await inspectCaCerts(ctx)) {
        if (inspection.ok) continue;
        ctx.report(envPointer(entry, CA_VARIABLE), `NODE_EXTRA_CA_CERTS ${file} ${inspection.problem}`, {
          anchor: 'value',
          fix: 'Point it at the PEM file of the CA that signed the server certificate.',
        });
      }
    },
  },
  {
    id: 'desktop/ca-cert-not-ca',
    severity: 'warning',
    appliesTo: ['desktop-config'],
    description: 'The NODE_EXTRA_CA_CERTS file holds a CA certificate (basicConstraints CA:TRUE), which can anchor the server chain.',
    async check(ctx) {
      for (const { entry, file, inspection } of await inspectCaCerts(ctx)) {
        if (!inspection.ok || inspection.certificates.some((c) => c.isCa)) continue;
        ctx.report(envPointer(entry, CA_VARIABLE), `NODE_EXTRA_CA_CERTS ${file} holds no CA certificate (${inspection.certificates[0].subject} has no basicConstraints CA:TRUE)`, {
          anchor: 'value',
          fix: 'Use the certificate of the CA that issued the server certificate, not the server certificate itself.',
        });
      }
    },
  },
  {
    id: 'desktop/ca-cert-expired',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'The certificates in the NODE_EXTRA_CA_CERTS file are still valid (a warning when one expires within 30 days).',
    async check(ctx) {
      const now = ctx.options.now.getTime();
      const soon = now + 30 * 86_400_000;
      for (const { entry, file, inspection } of await inspectCaCerts(ctx)) {
        if (!inspection.ok) continue;
        for (const cert of inspection.certificates) {
          const ends = cert.validTo.toISOString().slice(0, 10);
          if (cert.validTo.getTime() < now) {
            ctx.report(envPointer(entry, CA_VARIABLE), `NODE_EXTRA_CA_CERTS ${file}: the certificate ${cert.subject} expired on ${ends}`, { anchor: 'value', fix: 'Replace it with the current CA certificate.' });
          } else if (cert.validTo.getTime() < soon) {
            ctx.report(envPointer(entry, CA_VARIABLE), `NODE_EXTRA_CA_CERTS ${file}: the certificate ${cert.subject} expires on ${ends}`, {
              anchor: 'value',
              severity: 'warning',
              fix: 'Renew the CA certificate before it expires.',
            });
          }
        }
      }
    },
  },
];

/** `--header "Authorization:${TOKEN}"` needs TOKEN in env: Claude Desktop passes few variables on. */
function checkHeaderVariables(ctx: RuleContext, entry: DesktopEntry): void {
  const call = mcpRemoteCall(entry);
  if (!call) return;
  const parsed = parseRemoteArgs(call.after);
  for (const use of parsed.flags) {
    if (use.name !== '--header' || !use.value) continue;
    for (const m of use.value.value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
      const name = m[1];
      if (name in entry.env || INHERITED.has(name)) continue;
      ctx.report(use.value.pointer, `--header uses \${${name}}, but env has no ${name}; mcp-remote then sends an empty value`, {
        fix: `Add "${name}" to this entry's env.`,
      });
    }
  }
}
