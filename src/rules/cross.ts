/**
 * cross/: agreement between the files of one run — a folder such as mcpauth-out/, or files named
 * together (reference/oauth-dcr.md XAR-004, 006, 011, 012; anchors.md §7.5). Each rule judges only
 * what the run holds: with no DCR policy there is no policy to agree with, and so on. Findings go
 * to the file that would have to change in the usual case (the desktop config's argument, the
 * policy's entry, the Curity element).
 */
import { CLAUDE_WEB_CALLBACK } from '../deployment/demo.js';
import { OPENID_SCOPES } from '../policy/choices.js';
import { childNamed, childrenNamed, descendantsAt, valueOf, type XmlElement } from '../validate/parse/xml-tree.js';
import type { CurityClient } from './curity-config.js';
import { at, callbackOf, clientValues, runFiles, scopeTokens, strings, type JsonRunDocument, type RemoteEntry, type RunFiles } from './cross-run.js';
import { parseUrl as url } from './oauth-uris.js';
import type { ParsedDocument, Rule, RunDocument, Target } from './rule.js';

const NONE: [] = [];
const CLAUDE_WEB_HOSTS = new Set(['claude.ai', 'claude.com']);

const isHttpUrl = (text: string) => /^https?:\/\//i.test(text);
const hostOf = (text: string) => url(text)?.host.toLowerCase();
const bare = (u: URL) => u.pathname.replace(/\/+$/, '');

/** Two resource strings that differ only in form: the scheme, the case of the host, a trailing slash. */
function nearMiss(a: string, b: string): boolean {
  const x = isHttpUrl(a) ? url(a) : undefined;
  const y = isHttpUrl(b) ? url(b) : undefined;
  return !!x && !!y && a !== b && x.host === y.host && bare(x) === bare(y);
}

/** On the same host, one path at or under the other (a trailing slash aside): the same MCP server, likely. */
function related(a: string, b: string): boolean {
  const x = url(a);
  const y = url(b);
  if (!x || !y || x.host !== y.host) return false;
  const [p, q] = [bare(x), bare(y)];
  return p === q || p.startsWith(`${q}/`) || q.startsWith(`${p}/`);
}

/** What mcp-remote (through the MCP SDK) sends as `resource`: the value parsed and serialised by the WHATWG URL parser. */
function normalised(text: string): string | undefined {
  return url(text)?.href;
}

/** The SDK's checkResourceAllowed: the resource is the server URL's origin and a path prefix of it, segment by segment. */
function resourceAllowed(serverUrl: string, resource: string): boolean {
  const requested = url(serverUrl);
  const configured = url(resource);
  if (!requested || !configured || requested.origin !== configured.origin) return false;
  if (requested.pathname.length < configured.pathname.length) return false;
  const slash = (p: string) => (p.endsWith('/') ? p : `${p}/`);
  return slash(requested.pathname).startsWith(slash(configured.pathname));
}

interface Resource {
  value: string;
  document: RunDocument;
  target: Target;
  /** Where it comes from, for messages: `deployment.json (server.resource)`. */
  source: string;
}

/** The client ids the run says belong to this deployment: deployment.json and the entries' client info. */
function ownClientIds(files: RunFiles): Set<string> {
  const ids = new Set<string>();
  for (const d of files.deployments) {
    const id = at(d.doc.value, 'staticClient', 'clientId');
    if (typeof id === 'string') ids.add(id);
  }
  for (const e of files.entries) if (typeof e.clientInfo?.client_id === 'string') ids.add(e.clientInfo.client_id);
  return ids;
}

/**
 * The MCP server's resource identifier for this run: deployment.json says it; otherwise the DCR
 * policy's first audience; otherwise an audience of the run's own Curity client; otherwise what
 * the desktop entry makes mcp-remote send.
 */
function canonicalResource(files: RunFiles): Resource | undefined {
  for (const document of files.deployments) {
    const value = at(document.doc.value, 'server', 'resource');
    if (typeof value === 'string') return { value, document, target: '/server/resource', source: `${document.file} (server.resource)` };
  }
  for (const document of files.policies) {
    const audiences = strings(at(document.doc.value, 'client', 'audiences'));
    const i = audiences.findIndex(isHttpUrl);
    if (i !== -1) return { value: audiences[i], document, target: `/client/audiences/${i}`, source: `${document.file} (client.audiences)` };
  }
  const own = ownClientIds(files);
  for (const { document, client } of files.clients) {
    if (!client.id || !own.has(client.id)) continue;
    const audience = childrenNamed(client.element, 'audience').find((a) => isHttpUrl(valueOf(a)));
    if (audience) return { value: valueOf(audience), document, target: audience, source: `${document.file} (<audience> of client "${client.id}")` };
  }
  for (const entry of files.entries) {
    const arg = entry.resource ?? entry.url;
    const value = arg && normalised(arg.value);
    if (arg && value) return { value, document: entry.document, target: arg.pointer, source: `${entry.document.file} (${entry.resource ? '--resource' : 'the server URL'} of "${entry.name}")` };
  }
  return undefined;
}

/**
 * The desktop entries for this run's MCP server: named as in deployment.json, or with a URL (or
 * --resource) on the resource's host and path. Without a known resource, every mcp-remote entry.
 */
function serverEntries(files: RunFiles, resource: Resource | undefined): RemoteEntry[] {
  if (!resource) return files.entries;
  const names = new Set(files.deployments.map((d) => at(d.doc.value, 'desktop', 'serverName')).filter((n): n is string => typeof n === 'string'));
  return files.entries.filter((e) => names.has(e.name) || (e.url !== undefined && related(e.url.value, resource.value)) || (e.resource !== undefined && related(e.resource.value, resource.value)));
}

/** The Curity clients an entry in static mode uses, by the client id of its client info. */
function clientsWithId(files: RunFiles, id: string): Array<{ document: RunDocument; client: CurityClient }> {
  return files.clients.filter(({ client }) => client.id === id);
}

/**
 * The clients for the Claude web connector: a redirect URI on claude.ai or claude.com, or the
 * deployment's static client when the desktop does not use it (registration "dcr" or "cimd").
 */
function webClients(files: RunFiles): Array<{ document: RunDocument; client: CurityClient }> {
  const deploymentWebIds = new Set(
    files.deployments.filter((d) => at(d.doc.value, 'desktop', 'registration') !== 'static').map((d) => at(d.doc.value, 'staticClient', 'clientId')),
  );
  return files.clients.filter(({ client }) => {
    if (client.patch) return false;
    if (client.id !== undefined && deploymentWebIds.has(client.id)) return true;
    return clientValues(client).redirectUris.some((uri) => /^https:/i.test(uri) && CLAUDE_WEB_HOSTS.has(hostOf(uri) ?? ''));
  });
}

type CrossRule = Rule<ParsedDocument>;

function metadataScope(entry: RemoteEntry): string[] {
  return scopeTokens(entry.metadata?.value.scope);
}

function list(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

export const crossRules: CrossRule[] = [
  {
    id: 'cross/scope-allowed',
    severity: 'error',
    appliesTo: NONE,
    description: 'The scope in a desktop entry\'s static metadata is allowed where its client comes from: the DCR policy and Curity\'s DCR scopes, the static client (with client info), or the metadata document and ephemeral-client scopes (with a client metadata URL); the policy allows no scope Curity\'s DCR settings refuse.',
    async checkRun(ctx) {
      const files = await runFiles(ctx);
      const resource = canonicalResource(files);
      const curityDcrScopes = files.registrations.filter((r) => r.kind === 'dcr' && childNamed(childNamed(r.element, 'scopes'), 'all') === undefined);
      const ephemeralScopes = files.registrations.filter((r) => r.kind === 'ephemeral' && childNamed(childNamed(r.element, 'scopes'), 'all') === undefined);
      const scopesOf = (element: XmlElement) => descendantsAt(element, 'scopes/scope').map(valueOf);

      for (const entry of serverEntries(files, resource)) {
        const scopes = metadataScope(entry);
        if (scopes.length === 0 || !entry.metadata) continue;
        const where = (document: RunDocument | undefined, what: string, allowed: readonly string[], consequence: string) => {
          const missing = scopes.filter((s) => !allowed.includes(s));
          if (missing.length === 0) return;
          ctx.report(entry.document, entry.metadata!.arg.pointer, `the static metadata of "${entry.name}" asks for ${list(missing)}, which ${what}${document ? ` (${document.file})` : ''} does not allow (${allowed.length > 0 ? list(allowed) : 'none'}): ${consequence}`, {
            anchor: 'value',
            fix: `Ask only for allowed scopes ("scope": "${scopes.filter((s) => allowed.includes(s)).join(' ') || allowed.join(' ')}"), or allow ${list(missing)} there.`,
          });
        };
        if (entry.mode === 'dcr') {
          for (const policy of files.policies) {
            const onUnknown = at(policy.doc.value, 'scopes', 'onUnknown');
            const consequence =
              onUnknown === 'reject'
                ? 'the registration is refused'
                : onUnknown === 'drop'
                  ? 'the registration drops them and the authorization request then fails with invalid_scope'
                  : 'the policy leaves them to the server, against its own list';
            where(policy, 'the DCR policy', strings(at(policy.doc.value, 'scopes', 'allowed')), consequence);
          }
          for (const dcr of curityDcrScopes) where(dcr.document, 'Curity\'s DCR settings (non-templatized/scopes)', scopesOf(dcr.element), 'Curity refuses the registration');
        } else if (entry.mode === 'static' && typeof entry.clientInfo?.client_id === 'string') {
          for (const { document, client } of clientsWithId(files, entry.clientInfo.client_id)) {
            where(document, `the Curity client "${client.id}"`, clientValues(client).scopes, 'the authorization request fails with invalid_scope');
          }
        } else if (entry.mode === 'cimd') {
          for (const cimd of files.cimds.filter((d) => at(d.doc.value, 'client_id') === entry.cimdUrl?.value)) {
            if (at(cimd.doc.value, 'scope') !== undefined) where(cimd, 'the Client ID Metadata Document', scopeTokens(at(cimd.doc.value, 'scope')), 'the authorization server refuses the scope');
          }
          for (const ephemeral of ephemeralScopes) where(ephemeral.document, 'Curity\'s ephemeral-client settings', scopesOf(ephemeral.element), 'Curity refuses the scope');
        }
      }

      for (const policy of files.policies) {
        const allowed = strings(at(policy.doc.value, 'scopes', 'allowed'));
        for (const dcr of curityDcrScopes) {
          const curity = scopesOf(dcr.element);
          allowed.forEach((scope, i) => {
            if (curity.includes(scope)) return;
            ctx.report(policy, `/scopes/allowed/${i}`, `the policy allows "${scope}", which Curity's DCR settings in ${dcr.document.file} do not (${list(curity)}): Curity refuses registrations that ask for it`, {
              anchor: 'value',
              fix: `Add <scope>${scope}</scope> to non-templatized/scopes, or remove it from the policy.`,
            });
          });
        }
      }
    },
  },
  {
    id: 'cross/audience-resource',
    severity: 'error',
    appliesTo: NONE,
    description: 'The MCP server\'s resource is the same string everywhere — deployment.json, the DCR policy\'s audiences, the Curity client\'s <audience>, what mcp-remote sends for the desktop entry — trailing slash included.',
    async checkRun(ctx) {
      const files = await runFiles(ctx);
      const resource = canonicalResource(files);
      if (!resource) return;
      const R = resource.value;
      const because = 'the token\'s audience is compared with the resource byte for byte, trailing slash included';

      for (const document of files.deployments) {
        if (document === resource.document) continue;
        const value = at(document.doc.value, 'server', 'resource');
        if (typeof value === 'string' && value !== R) {
          ctx.report(document, '/server/resource', `server.resource "${value}" differs from the MCP server's resource "${R}" in ${resource.source}`, { anchor: 'value', fix: `Use "${R}" in both.` });
        }
      }
      for (const document of files.policies) {
        const audiences = strings(at(document.doc.value, 'client', 'audiences'));
        if (audiences.length === 0 || audiences.includes(R)) continue;
        const near = audiences.findIndex((a) => nearMiss(a, R));
        const i = near !== -1 ? near : audiences.findIndex(isHttpUrl);
        ctx.report(document, i === -1 ? '/client/audiences' : `/client/audiences/${i}`, i === -1 ? `no audience of the policy is the MCP server's resource "${R}" (${resource.source})` : `the audience "${audiences[i]}" is not the MCP server's resource "${R}" (${resource.source}): ${because}`, {
          anchor: i === -1 ? 'key' : 'value',
          fix: `Write "${R}" exactly.`,
        });
      }
      const own = ownClientIds(files);
      for (const { document, client } of files.clients) {
        if (client.patch) continue;
        const audiences = childrenNamed(client.element, 'audience');
        if (audiences.some((a) => valueOf(a) === R)) continue;
        // The run's own client, or a client whose audience is the resource misspelt; other clients are other APIs'.
        const near = audiences.find((a) => nearMiss(valueOf(a), R));
        if (!near && !(client.id !== undefined && own.has(client.id))) continue;
        ctx.report(document, near ?? client.idElement ?? client.element, near ? `the audience "${valueOf(near)}" of client "${client.id}" is not the MCP server's resource "${R}" (${resource.source}): ${because}` : `client "${client.id}" has no <audience> for the MCP server's resource "${R}" (${resource.source}): its tokens are refused there`, {
          anchor: 'value',
          fix: `Add <audience>${R}</audience>.`,
        });
      }
      const sent = normalised(R);
      let reportedForm = false;
      for (const entry of serverEntries(files, resource)) {
        if (entry.resource) {
          const value = normalised(entry.resource.value);
          if (value !== undefined && value !== R) {
            ctx.report(entry.document, entry.resource.pointer, `--resource makes mcp-remote send "${value}", not the MCP server's resource "${R}" (${resource.source}): ${because}`, { anchor: 'value', fix: `Pass --resource ${R}.` });
          }
          continue;
        }
        if (entry.url && !resourceAllowed(entry.url.value, R)) {
          ctx.report(entry.document, entry.url.pointer, `the server URL "${entry.url.value}" does not lie under the MCP server's resource "${R}" (${resource.source}): mcp-remote refuses protected-resource metadata for another resource`, {
            anchor: 'value',
            fix: `Use the URL the resource names (such as ${R}), or correct the resource.`,
          });
        } else if (sent !== undefined && sent !== R && !reportedForm && resource.document !== entry.document) {
          reportedForm = true;
          ctx.report(resource.document, resource.target, `mcp-remote sends the resource as "${sent}" (URL-normalised), which never equals "${R}": ${because}`, { anchor: 'value', fix: `Write "${sent}".` });
        }
      }
    },
  },
  {
    id: 'cross/web-redirect',
    severity: 'warning',
    appliesTo: NONE,
    description: `The static client for the Claude web connector (a claude.ai or claude.com redirect, or deployment.json's client outside static registration) lists ${CLAUDE_WEB_CALLBACK}.`,
    async checkRun(ctx) {
      const files = await runFiles(ctx);
      for (const { document, client } of webClients(files)) {
        const uris = childrenNamed(client.element, 'redirect-uris');
        if (uris.some((u) => valueOf(u) === CLAUDE_WEB_CALLBACK)) continue;
        const near = uris.find((u) => CLAUDE_WEB_HOSTS.has(hostOf(valueOf(u)) ?? ''));
        ctx.report(document, near ?? client.idElement ?? client.element, near ? `client "${client.id}" lists "${valueOf(near)}", not the Claude web connector's callback ${CLAUDE_WEB_CALLBACK}: the redirect is refused` : `client "${client.id}" is for the Claude web connector but does not list its callback ${CLAUDE_WEB_CALLBACK}`, {
          anchor: 'value',
          fix: `Add <redirect-uris>${CLAUDE_WEB_CALLBACK}</redirect-uris>.`,
        });
      }
    },
  },
  {
    id: 'cross/web-scopes',
    severity: 'warning',
    appliesTo: NONE,
    description: 'The static client for the Claude web connector allows every scope the connector asks for (openid profile email address phone and the MCP server\'s scopes), unless deployment.json lists the client\'s scopes on purpose.',
    async checkRun(ctx) {
      const files = await runFiles(ctx);
      if (files.deployments.some((d) => at(d.doc.value, 'staticClient', 'scopes') !== undefined)) return;
      const api = new Set<string>();
      for (const d of files.deployments) for (const s of strings(at(d.doc.value, 'server', 'scopes'))) api.add(s);
      for (const p of files.policies) for (const s of strings(at(p.doc.value, 'scopes', 'allowed'))) api.add(s);
      for (const e of files.entries) for (const s of metadataScope(e)) api.add(s);
      const wanted = [...OPENID_SCOPES, ...[...api].filter((s) => !(OPENID_SCOPES as readonly string[]).includes(s))];
      for (const { document, client } of webClients(files)) {
        const scopes = clientValues(client).scopes;
        const missing = wanted.filter((s) => !scopes.includes(s));
        if (missing.length === 0) continue;
        ctx.report(document, client.idElement ?? client.element, `client "${client.id}" is for the Claude web connector, which asks for ${list(wanted)}; the client does not allow ${list(missing)}`, {
          anchor: 'value',
          fix: `${missing.map((s) => `<scope>${s}</scope>`).join('')} — or list the client's scopes in deployment.json (staticClient.scopes) if dropping them is deliberate.`,
        });
      }
    },
  },
  {
    id: 'cross/static-client-id',
    severity: 'error',
    appliesTo: NONE,
    description: 'With --static-oauth-client-info (static registration), the client id is a client of the run\'s Curity files and of deployment.json, and a client with a secret is given one.',
    async checkRun(ctx) {
      const files = await runFiles(ctx);
      for (const entry of files.entries) {
        if (entry.mode !== 'static' || !entry.clientInfoArg) continue;
        const id = entry.clientInfo?.client_id;
        if (typeof id !== 'string') continue;
        const report = (message: string, fix: string) => ctx.report(entry.document, entry.clientInfoArg!.pointer, message, { anchor: 'value', fix });
        for (const d of files.deployments) {
          const expected = at(d.doc.value, 'staticClient', 'clientId');
          if (at(d.doc.value, 'desktop', 'serverName') === entry.name && typeof expected === 'string' && expected !== id) {
            report(`the client info of "${entry.name}" names client "${id}", but ${d.file} says "${expected}"`, 'Generate the files again from one deployment.json.');
          }
        }
        if (files.clients.length === 0) continue;
        const matches = clientsWithId(files, id);
        if (matches.length === 0) {
          report(`the client info of "${entry.name}" names client "${id}", which none of the Curity files of this run defines (${list([...new Set(files.clients.map((c) => c.client.id ?? '?'))])})`, `Use the id of the Curity static client, or add client "${id}" to curity-static-client.xml.`);
          continue;
        }
        const { client } = matches[0];
        const verifier = client.verifiers[0];
        const isPublic = verifier?.local === 'no-authentication' && valueOf(verifier) !== 'false';
        if (verifier && !isPublic && entry.clientInfo?.client_secret === undefined) {
          report(`client "${id}" authenticates with <${verifier.local}>, but the client info gives mcp-remote no client_secret: the token request is refused`, 'Make the Curity client public (<no-authentication>true</no-authentication> with PKCE), as mcpauth generates it for static registration.');
        }
      }
    },
  },
  {
    id: 'cross/callback-port',
    severity: 'error',
    appliesTo: NONE,
    description: 'With static registration, the Curity client registers the callback mcp-remote listens on: http://localhost:<port>/oauth/callback (127.0.0.1 for Windows) with the port pinned right after the URL, unless the client ignores loopback ports.',
    async checkRun(ctx) {
      const files = await runFiles(ctx);
      for (const entry of files.entries) {
        const id = entry.clientInfo?.client_id;
        if (entry.mode !== 'static' || typeof id !== 'string') continue;
        for (const { document, client } of clientsWithId(files, id)) {
          const callback = callbackOf(entry, ctx.options.platform);
          const uris = clientValues(client).redirectUris;
          const anyPort = valueOf(childNamed(client.element, 'validate-port-on-loopback-interfaces')) === 'false';
          const loopbacks = uris.filter((u) => /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//i.test(u));
          if (anyPort) {
            const ok = loopbacks.some((u) => {
              const parsed = url(u);
              return parsed?.hostname === callback.host && parsed.pathname === callback.path;
            });
            if (!ok) {
              ctx.report(document, childrenNamed(client.element, 'redirect-uris')[0] ?? client.idElement ?? client.element, `client "${id}" registers no http://${callback.host}${callback.path} (any port), the callback mcp-remote listens on for "${entry.name}"`, {
                anchor: 'value',
                fix: `Add <redirect-uris>http://${callback.host}${callback.path}</redirect-uris>.`,
              });
            }
            continue;
          }
          if (!callback.uri) {
            ctx.report(entry.document, (entry.url ?? entry.clientInfoArg)!.pointer, `"${entry.name}" pins no callback port, but client "${id}" validates loopback ports (${loopbacks.length > 0 ? list(loopbacks) : 'no loopback redirect URI'}): mcp-remote picks a port of its own and the redirect is refused`, {
              anchor: 'value',
              fix: `Put the port of the registered URI right after the server URL (such as "${url(loopbacks[0] ?? '')?.port || '3334'}").`,
            });
            continue;
          }
          if (uris.includes(callback.uri)) continue;
          const target = entry.port ?? entry.url ?? entry.clientInfoArg!;
          ctx.report(entry.document, target.pointer, `mcp-remote listens on ${callback.uri} for "${entry.name}", which client "${id}" does not register (${loopbacks.length > 0 ? list(loopbacks) : 'no loopback redirect URI'}): the redirect is refused`, {
            anchor: 'value',
            fix: `Make the two agree: pin the registered port after the URL, or register ${callback.uri}.`,
          });
        }
      }
    },
  },
  {
    id: 'cross/cimd-url',
    severity: 'error',
    appliesTo: NONE,
    description: 'With --client-metadata-url, the URL is the client_id of the run\'s Client ID Metadata Document (byte for byte) and deployment.json\'s clientMetadataUrl, and the document lists the callback mcp-remote listens on.',
    async checkRun(ctx) {
      const files = await runFiles(ctx);
      for (const entry of files.entries) {
        if (entry.mode !== 'cimd' || !entry.cimdUrl) continue;
        const U = entry.cimdUrl.value;
        const report = (document: JsonRunDocument, target: string, message: string, fix: string) => ctx.report(document, target, message, { anchor: 'value', fix });
        for (const d of files.deployments) {
          const expected = at(d.doc.value, 'desktop', 'clientMetadataUrl');
          if (at(d.doc.value, 'desktop', 'serverName') === entry.name && typeof expected === 'string' && expected !== U) {
            report(entry.document, entry.cimdUrl.pointer, `--client-metadata-url is "${U}", but ${d.file} says "${expected}"`, 'Generate the files again from one deployment.json.');
          }
        }
        if (files.cimds.length === 0) continue;
        const document = files.cimds.find((d) => at(d.doc.value, 'client_id') === U);
        if (!document) {
          const ids = files.cimds.map((d) => at(d.doc.value, 'client_id')).filter((v): v is string => typeof v === 'string');
          report(entry.document, entry.cimdUrl.pointer, `--client-metadata-url "${U}" is not the client_id of the metadata document in this run (${list(ids)}): the authorization server refuses a document whose client_id is not its URL`, 'Use the same URL, byte for byte, in both.');
          continue;
        }
        const callback = callbackOf(entry, ctx.options.platform);
        const redirects = strings(at(document.doc.value, 'redirect_uris'));
        if (!callback.uri) {
          report(entry.document, (entry.url ?? entry.cimdUrl).pointer, `"${entry.name}" pins no callback port, so mcp-remote's redirect URI changes, while ${document.file} lists ${list(redirects)}`, 'Put the port of the listed redirect URI right after the server URL.');
        } else if (!redirects.includes(callback.uri)) {
          report(document, '/redirect_uris', `the metadata document does not list ${callback.uri}, the callback mcp-remote listens on for "${entry.name}" (${entry.document.file})`, `Add "${callback.uri}" to redirect_uris.`);
        }
      }
    },
  },
];
