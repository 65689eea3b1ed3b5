/**
 * mcp-remote/: Claude Desktop entries that run mcp-remote, judged against the flag set of the
 * pinned 0.15.1 (reference/claude-desktop-and-mcp-remote.md §1, §5 MR0xx, §7), and the static
 * client metadata it sends (checked as a `client-metadata` document).
 */
import { DEMO } from '../deployment/demo.js';
import { windowsUnsafeCharacter } from '../deployment/platform.js';
import { urlPlaceholder } from '../deployment/url.js';
import { childPointer } from '../validate/parse/pointer.js';
import { desktopEntries, isObject, runsThroughCmdOnWindows, type Arg, type DesktopEntry } from './desktop-entries.js';
import {
  MCP_REMOTE,
  MCP_REMOTE_FLAGS,
  NOT_A_BRIDGE,
  NPX_OPTIONS_AFTER_PACKAGE,
  hasFlag,
  mcpRemoteCall,
  npxPackageArg,
  parseRemoteArgs,
  remoteCalls,
  strayLauncherArgs,
  type FlagUse,
  type RemoteArgs,
  type RemoteCall,
} from './mcp-remote-args.js';
import { clientIdUrlProblem, isLoopbackHost, isPrivateHost, parseUrl } from './oauth-uris.js';
import { targetPathProblem } from './paths.js';
import type { Rule, RuleContext } from './rule.js';
import { readStaticJson, staticJsonArgs } from './static-metadata.js';
import { closest } from './suggest.js';

const PINNED = DEMO.desktop.mcpRemoteVersion;

const calls = (ctx: RuleContext): readonly RemoteCall[] => remoteCalls(ctx.doc);

/** Where to point when the thing is missing: the package argument, or the entry. */
function anchorOf({ entry, call }: RemoteCall): string {
  return call.packageArg?.pointer ?? childPointer(entry.pointer, 'args');
}

const isInteger = (v: string) => /^\d+$/.test(v);
const REFUSED_AUTHORIZE_PARAMS = new Set(['client_id', 'redirect_uri', 'response_type', 'state', 'code_challenge', 'code_challenge_method']);

/** Why a flag's value is wrong, or undefined (§1.3 and §7). */
function valueProblem(use: FlagUse, ctx: RuleContext, parsed: RemoteArgs): string | undefined {
  const kind = use.spec?.value;
  const value = use.value!.value;
  if (kind === undefined) return undefined;
  if (Array.isArray(kind)) return kind.includes(value) ? undefined : `must be one of ${kind.join(', ')}`;
  switch (kind) {
    case 'header':
      return /^[A-Za-z0-9_-]+:\s*.*$/.test(value) ? undefined : 'must be "Name: value" (a name of letters, digits, "-" or "_", then a colon); mcp-remote drops it with a warning';
    case 'positive-int':
      return isInteger(value) && Number(value) > 0 ? undefined : 'must be a positive whole number of seconds';
    case 'non-negative-int':
      return isInteger(value) ? undefined : 'must be a whole number of seconds (0 turns the timeout off)';
    case 'host':
      return /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(value) ? undefined : 'must be a host name such as localhost (no scheme, port or path)';
    case 'callback-path':
      return value.startsWith('/') ? undefined : 'must start with "/"';
    case 'success-url': {
      const url = parseUrl(value);
      if (!url) return 'must be an absolute URL';
      if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) return 'must use https (http only on a loopback host)';
      if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return 'must have no query, fragment or credentials';
      return undefined;
    }
    case 'cimd-url': {
      const problem = clientIdUrlProblem(value);
      return problem ? `(a Client ID Metadata Document URL) ${problem}` : undefined;
    }
    case 'url': {
      const url = parseUrl(value);
      if (!url || !/^https?:$/.test(url.protocol)) return 'must be an absolute http(s) URL';
      if (use.name === '--token-endpoint' && !hasFlag(parsed, '--client-credentials')) return 'is used only with --client-credentials';
      return undefined;
    }
    case 'resource': {
      if (value === '') return undefined; // "" turns the resource parameter off
      const url = parseUrl(value);
      if (!url) return 'must be an absolute URI (RFC 8707); mcp-remote stops with "Invalid --resource value"';
      return url.hash !== '' ? 'must not have a fragment (RFC 8707)' : undefined;
    }
    case 'key-value': {
      const m = /^([^=]+)=/.exec(value);
      if (!m) return 'must be key=value';
      return REFUSED_AUTHORIZE_PARAMS.has(m[1]) ? `cannot set ${m[1]}: mcp-remote sets it itself and refuses to start` : undefined;
    }
    case 'path': {
      const problem = targetPathProblem(value, ctx.options.platform);
      return problem ? `names a file path that ${problem}` : undefined;
    }
    case 'json-or-file':
    case 'text':
      return undefined; // metadata-json judges the JSON forms
  }
}

function metadataFix(flag: string): string {
  return `Put the JSON in a file and pass ${flag} @C:\\ProgramData\\mcpauth\\client-metadata.json (mcpauth generate desktop-config --platform win32 does this).`;
}

export const mcpRemoteRules: Rule[] = [
  {
    id: 'mcp-remote/package',
    severity: 'warning',
    appliesTo: ['desktop-config'],
    description: 'The bridge package is mcp-remote (optionally @version), not a look-alike or an unrelated server.',
    check(ctx) {
      for (const entry of desktopEntries(ctx.doc)) {
        const call = mcpRemoteCall(entry);
        if (call?.packageArg && call.spec.name !== MCP_REMOTE) {
          ctx.report(call.packageArg.pointer, `"${call.spec.name}" is not the mcp-remote package on npm; npx fails to find it or runs something else`, {
            fix: `Use "mcp-remote@${PINNED}".`,
          });
          continue;
        }
        if (call) continue;
        const pkg = npxPackageArg(entry);
        const why = pkg && NOT_A_BRIDGE[pkg.value.replace(/@[^@/]*$/, '')];
        if (pkg && why && entry.args.some((a) => a.index > pkg.index && /^https?:\/\//.test(a.value))) {
          ctx.report(pkg.pointer, `"${pkg.value}" ${why}`, { fix: `Use "mcp-remote@${PINNED}" to reach a remote MCP server.` });
        }
      }
    },
  },
  {
    id: 'mcp-remote/npx-order',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'npx options (-y, --yes, -p) come before the package, and nothing else stands between npx and the package.',
    check(ctx) {
      for (const { call } of calls(ctx)) {
        for (const arg of strayLauncherArgs(call.before)) {
          ctx.report(arg.pointer, `"${arg.value}" stands between the launcher and ${call.spec.name}: npx treats it as the package to run`, {
            fix: 'Remove it, or move it after the package if it is meant for mcp-remote.',
          });
        }
        for (const arg of call.after) {
          if (NPX_OPTIONS_AFTER_PACKAGE.has(arg.value)) {
            ctx.report(arg.pointer, `"${arg.value}" is an npx option but comes after the package, so mcp-remote receives it`, { fix: `Move "${arg.value}" before "${call.packageArg?.value ?? MCP_REMOTE}".` });
          }
        }
      }
    },
  },
  {
    id: 'mcp-remote/version-pin',
    severity: 'info',
    appliesTo: ['desktop-config'],
    description: 'mcp-remote is pinned to an exact version: upgrades re-register the client and ask the user to log in again.',
    check(ctx) {
      for (const { call } of calls(ctx)) {
        if (!call.packageArg || call.spec.name !== MCP_REMOTE) continue;
        const version = call.spec.version;
        if (version !== undefined && /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) continue;
        const what = version === undefined ? 'is not pinned (npx may run an old cached copy)' : version === 'latest' ? 'uses @latest (every release re-registers and asks for a new login)' : `uses the range "${version}", not an exact version`;
        ctx.report(call.packageArg.pointer, `${call.packageArg.value} ${what}`, { fix: `Pin an exact version: "mcp-remote@${PINNED}".` });
      }
    },
  },
  {
    id: 'mcp-remote/url-position',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'The first argument after the package (once --header pairs are taken out) is the server URL, not a flag.',
    check(ctx) {
      for (const c of calls(ctx)) {
        const first = c.parsed.first;
        if (!first) {
          ctx.report(anchorOf(c), `"${c.entry.name}" runs mcp-remote without a server URL; it prints its usage and exits`, { fix: 'Add the https URL of the MCP server right after the package.' });
        } else if (first.value.startsWith('-') && !NPX_OPTIONS_AFTER_PACKAGE.has(first.value)) {
          ctx.report(first.pointer, `"${first.value}" comes where mcp-remote expects the server URL, so it takes the flag for the URL and stops`, {
            fix: 'Put the server URL right after the package, then the flags.',
          });
        }
      }
    },
  },
  {
    id: 'mcp-remote/url',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'The server URL is an absolute URL, not a placeholder from a README.',
    check(ctx) {
      for (const { parsed } of calls(ctx)) {
        const arg = parsed.url;
        if (!arg) continue;
        if (!parseUrl(arg.value)) {
          ctx.report(arg.pointer, `"${arg.value}" is not an absolute URL; mcp-remote stops with "Invalid URL"`, { fix: 'Write the full URL, such as https://mcp.example.com/mcp.' });
          continue;
        }
        const placeholder = urlPlaceholder(arg.value);
        if (placeholder) ctx.report(arg.pointer, `the server URL "${arg.value}" ${placeholder}`, { fix: 'Replace the placeholder with the real server URL.' });
      }
    },
  },
  {
    id: 'mcp-remote/https-required',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'The server URL uses https; http only on localhost or 127.0.0.1, or with --allow-http (then a warning unless the host is private).',
    check(ctx) {
      for (const { parsed } of calls(ctx)) {
        const url = parsed.url && parseUrl(parsed.url.value);
        if (!url || url.protocol === 'https:') continue;
        const pointer = parsed.url!.pointer;
        if (url.protocol !== 'http:') {
          ctx.report(pointer, `the server URL uses "${url.protocol.slice(0, -1)}"; mcp-remote needs https`, { fix: 'Use the https URL of the server.' });
        } else if (url.hostname === 'localhost' || url.hostname === '127.0.0.1') {
          continue;
        } else if (!hasFlag(parsed, '--allow-http')) {
          ctx.report(pointer, `http on "${url.hostname}": mcp-remote refuses non-https URLs except on localhost and 127.0.0.1, and exits`, {
            fix: isPrivateHost(url.hostname) ? 'Use https, or add --allow-http for a development server.' : 'Use https.',
          });
        } else if (!isPrivateHost(url.hostname)) {
          ctx.report(pointer, `http on the public host "${url.hostname}" (allowed by --allow-http): tokens travel unencrypted`, { severity: 'warning', fix: 'Use https.' });
        }
      }
    },
  },
  {
    id: 'mcp-remote/unknown-flag',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'Every --flag is one that mcp-remote 0.15.1 knows; it silently ignores the others, typos included.',
    check(ctx) {
      for (const { parsed } of calls(ctx)) {
        for (const use of parsed.flags) {
          if (use.spec || NPX_OPTIONS_AFTER_PACKAGE.has(use.name)) continue;
          const inline = /^(--[^=]+)=/.exec(use.name);
          if (inline && MCP_REMOTE_FLAGS[inline[1]]) {
            ctx.report(use.flag.pointer, `mcp-remote does not read "${use.name}": it has no --flag=value form, so the flag is ignored`, { fix: `Write "${inline[1]}" and its value as two arguments.` });
            continue;
          }
          const guess = closest(use.name, Object.keys(MCP_REMOTE_FLAGS));
          ctx.report(use.flag.pointer, `mcp-remote ${PINNED} has no flag "${use.name}" and ignores it${guess ? ` (did you mean ${guess}?)` : ''}`, {
            fix: guess ? `Write ${guess}.` : 'Remove it; see mcp-remote --help for its flags.',
          });
        }
      }
    },
  },
  {
    id: 'mcp-remote/exit-flag',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'No --help, -h or --version: mcp-remote prints and exits, so the server never starts.',
    check(ctx) {
      for (const { parsed } of calls(ctx)) {
        for (const use of parsed.flags) {
          if (use.spec?.exits) ctx.report(use.flag.pointer, `${use.name} makes mcp-remote print and exit, so Claude Desktop never gets a server`, { fix: `Remove ${use.name}.` });
        }
      }
    },
  },
  {
    id: 'mcp-remote/flag-value',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'A flag that takes a value has one, not starting with --, and of the right kind (transport, timeouts, header, resource URI, callback port 1-65535, …).',
    check(ctx) {
      for (const { parsed } of calls(ctx)) {
        const port = parsed.port;
        if (port && /^\d/.test(port.value) && !(isInteger(port.value) && Number(port.value) >= 1 && Number(port.value) <= 65535)) {
          ctx.report(port.pointer, `"${port.value}" after the URL is read as the callback port, which must be a whole number from 1 to 65535`, { fix: 'Write the port as digits only, or remove it.' });
        }
        for (const use of parsed.flags) {
          if (!use.spec?.value) continue;
          if (use.missingValue || !use.value) {
            ctx.report(use.flag.pointer, `${use.name} is not followed by a value (it is last, or another --flag comes next)`, { fix: `Give ${use.name} its value right after it.` });
            continue;
          }
          if (use.name === '--header' && use.value.value.startsWith('--')) {
            ctx.report(use.value.pointer, `--header takes "${use.value.value}" as its value; the header is missing`, { fix: 'Give --header its "Name: value" right after it.' });
            continue;
          }
          const problem = valueProblem(use, ctx, parsed);
          if (problem) ctx.report(use.value.pointer, `the value of ${use.name} ${problem}`);
        }
      }
    },
  },
  {
    id: 'mcp-remote/duplicate-flag',
    severity: 'warning',
    appliesTo: ['desktop-config'],
    description: 'A single-valued flag is given once: mcp-remote uses the first and ignores the rest.',
    check(ctx) {
      for (const { parsed } of calls(ctx)) {
        const seen = new Set<string>();
        for (const use of parsed.flags) {
          if (!use.spec?.value || use.spec.repeatable) continue;
          if (seen.has(use.name)) ctx.report(use.flag.pointer, `${use.name} is given more than once; mcp-remote uses the first and ignores this one`, { fix: `Keep one ${use.name}.` });
          seen.add(use.name);
        }
      }
    },
  },
  {
    id: 'mcp-remote/metadata-json',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'The value of --static-oauth-client-metadata / --static-oauth-client-info is a JSON object, or @ and an absolute path (on this computer: of a file holding a JSON object).',
    async check(ctx) {
      for (const entry of desktopEntries(ctx.doc)) {
        for (const { flag, arg } of staticJsonArgs(entry)) {
          const result = await readStaticJson(arg.value, ctx.options, ctx.disk);
          if (result.status === 'problem') ctx.report(arg.pointer, `the value of ${flag} ${result.problem}; mcp-remote stops at start-up`, { fix: result.fix });
        }
      }
    },
  },
  {
    id: 'mcp-remote/metadata-fields',
    severity: 'warning',
    appliesTo: ['client-metadata'],
    description: 'Static client metadata uses RFC 7591 client-metadata names with the right types (scope is a space-separated string); client_id and client_secret belong in --static-oauth-client-info.',
    check(ctx) {
      const value = ctx.doc.value;
      if (!isObject(value)) return;
      for (const key of Object.keys(value)) {
        const pointer = childPointer('', key);
        const base = key.replace(/#.*$/, '');
        if (CLIENT_INFO_FIELDS.has(key)) {
          ctx.report(pointer, `"${key}" is issued by the authorization server; it belongs in --static-oauth-client-info, not in client metadata`, {
            anchor: 'key',
            fix: 'Move client_id (and a secret, if any, in a file) to --static-oauth-client-info, or remove it to use dynamic registration.',
          });
        } else if (!CLIENT_METADATA_FIELDS.has(key) && !(key.includes('#') && LOCALIZABLE.has(base))) {
          const guess = closest(key, CLIENT_METADATA_FIELDS);
          ctx.report(pointer, `"${key}" is not a client-metadata name; the authorization server ignores it${guess ? ` (did you mean "${guess}"?)` : ''}`, {
            anchor: 'key',
            fix: guess ? `Rename it to "${guess}".` : `Remove "${key}".`,
          });
        }
      }
    },
  },
  {
    id: 'mcp-remote/metadata-redirect-uris',
    severity: 'warning',
    appliesTo: ['client-metadata'],
    description: 'Static metadata does not set redirect_uris: it replaces the callback URL mcp-remote listens on and breaks the login.',
    check(ctx) {
      const value = ctx.doc.value;
      if (isObject(value) && 'redirect_uris' in value) {
        ctx.report('/redirect_uris', 'redirect_uris replaces the callback URL mcp-remote listens on (http://localhost:<port>/oauth/callback), so the login cannot complete', {
          anchor: 'key',
          fix: 'Remove redirect_uris; to fix the port, pass it as the argument right after the server URL.',
        });
      }
    },
  },
  {
    id: 'mcp-remote/missing-scope',
    severity: 'warning',
    appliesTo: ['client-metadata'],
    description: 'Static metadata sets scope; otherwise mcp-remote registers with discovered scopes or "openid email profile", which a scope-restricted DCR policy rejects.',
    check(ctx) {
      const value = ctx.doc.value;
      if (!isObject(value)) return;
      if (value.scope === undefined || (typeof value.scope === 'string' && value.scope.trim() === '')) {
        ctx.report('', 'no scope: mcp-remote then asks for the scopes it discovers or "openid email profile", which a scope-restricted registration policy rejects', {
          fix: 'Add "scope" with the scopes the MCP server needs, space-separated (for the Curity example: "stocks/read").',
        });
      }
    },
  },
  {
    id: 'mcp-remote/windows-unsafe-arg',
    severity: 'error',
    appliesTo: ['desktop-config'],
    description: 'On a Windows target, an entry whose command is npx (or another .cmd) has no argument with whitespace, ", &, |, <, >, ^ or %: cmd.exe re-reads them and breaks the command line.',
    check(ctx) {
      if (ctx.options.platform !== 'win32') return;
      for (const entry of desktopEntries(ctx.doc)) {
        if (entry.command === undefined || !runsThroughCmdOnWindows(entry.command)) continue;
        const roles = argRoles(entry);
        for (const arg of entry.args) {
          const found = windowsUnsafeCharacter(arg.value);
          if (!found) continue;
          const bad = found === '"""' ? 'a double quote (")' : found;
          const role = roles.get(arg.index);
          const fix =
            role === '--static-oauth-client-metadata' || role === '--static-oauth-client-info'
              ? metadataFix(role)
              : role === '--header'
                ? 'Write the header as Name:${VAR} (no space) and put the value in env, for example "AUTH_HEADER": "Bearer …".'
                : 'Remove the character, or start node.exe directly so that cmd.exe is not involved.';
          ctx.report(arg.pointer, `argument ${arg.index} holds ${bad}; Claude Desktop runs ${entry.command} through cmd.exe on Windows, which breaks this command line`, { fix });
        }
      }
    },
  },
  {
    id: 'mcp-remote/silent',
    severity: 'info',
    appliesTo: ['desktop-config'],
    description: '--silent hides mcp-remote\'s fatal errors from Claude Desktop\'s logs.',
    check(ctx) {
      for (const { parsed } of calls(ctx)) {
        for (const use of parsed.flags) {
          if (use.name === '--silent') ctx.report(use.flag.pointer, '--silent hides mcp-remote\'s errors, including fatal ones, from the Claude Desktop log', { fix: 'Remove --silent while setting up; add it back only if the logs are too noisy.' });
        }
      }
    },
  },
];

/** For each argument index that is a flag's value, the flag. */
function argRoles(entry: DesktopEntry): Map<number, string> {
  const roles = new Map<number, string>();
  const call = mcpRemoteCall(entry);
  if (!call) return roles;
  for (const use of parseRemoteArgs(call.after).flags) if (use.value) roles.set((use.value as Arg).index, use.name);
  return roles;
}

/** RFC 7591 §2, OpenID Connect Dynamic Registration and the IANA OAuth client-metadata registry. */
export const CLIENT_METADATA_FIELDS = new Set([
  'redirect_uris',
  'token_endpoint_auth_method',
  'grant_types',
  'response_types',
  'client_name',
  'client_uri',
  'logo_uri',
  'scope',
  'contacts',
  'tos_uri',
  'policy_uri',
  'jwks_uri',
  'jwks',
  'software_id',
  'software_version',
  'software_statement',
  'application_type',
  'sector_identifier_uri',
  'subject_type',
  'id_token_signed_response_alg',
  'id_token_encrypted_response_alg',
  'id_token_encrypted_response_enc',
  'userinfo_signed_response_alg',
  'userinfo_encrypted_response_alg',
  'userinfo_encrypted_response_enc',
  'request_object_signing_alg',
  'request_object_encryption_alg',
  'request_object_encryption_enc',
  'token_endpoint_auth_signing_alg',
  'default_max_age',
  'require_auth_time',
  'default_acr_values',
  'initiate_login_uri',
  'request_uris',
  'post_logout_redirect_uris',
  'frontchannel_logout_uri',
  'frontchannel_logout_session_required',
  'backchannel_logout_uri',
  'backchannel_logout_session_required',
  'tls_client_auth_subject_dn',
  'tls_client_auth_san_dns',
  'tls_client_auth_san_uri',
  'tls_client_auth_san_ip',
  'tls_client_auth_san_email',
  'tls_client_certificate_bound_access_tokens',
  'dpop_bound_access_tokens',
  'authorization_details_types',
  'require_pushed_authorization_requests',
  'require_signed_request_object',
  'authorization_signed_response_alg',
  'authorization_encrypted_response_alg',
  'authorization_encrypted_response_enc',
  'introspection_signed_response_alg',
  'introspection_encrypted_response_alg',
  'introspection_encrypted_response_enc',
]);

/** Human-readable fields that may carry a language tag (`client_name#fr`), RFC 7591 §2.2. */
const LOCALIZABLE = new Set(['client_name', 'client_uri', 'logo_uri', 'tos_uri', 'policy_uri']);

/** Fields the authorization server issues (RFC 7591 §3.2.1, RFC 7592). */
export const CLIENT_INFO_FIELDS = new Set(['client_id', 'client_secret', 'client_id_issued_at', 'client_secret_expires_at', 'registration_access_token', 'registration_client_uri']);
