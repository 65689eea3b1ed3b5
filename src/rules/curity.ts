/**
 * curity/: Curity configuration XML — whole configurations, backups and merge fragments
 * (reference/curity.md §2–§7, rules C01–C32 and D06–D07). Rules that follow a reference to another
 * part of the configuration run once per run (`checkRun`), so that a fragment checked beside the
 * configuration it goes into is judged against it.
 */
import { isLoopbackHost } from '../deployment/url.js';
import { allElements, childNamed, childrenNamed, descendantsAt, valueOf, type XmlDocument, type XmlElement } from '../validate/parse/xml-tree.js';
import { capabilityNames, CURITY_NS, curityView, endpoints, hasPlaceholder, PLACEHOLDER, PROFILE_TYPE_NAMESPACES, registrationSections, type CurityClient } from './curity-config.js';
import { curityReferences, KNOWN_CAPABILITIES, type CurityReference, type ReferenceKind } from './curity-references.js';
import type { Rule, RuleContext, RunContext } from './rule.js';

type Ctx = RuleContext<XmlDocument>;

const CURITY: ['curity-xml'] = ['curity-xml'];

/** The capability names of Curity's documentation tables, which are not its XML names (§7.6). */
const UI_LABELS: Record<string, string> = {
  'authorization-code': 'code',
  authorization_code: 'code',
  client_credentials: 'client-credentials',
  ciba: 'backchannel-authentication',
  'device-flow': 'device-authorization',
  device_code: 'device-authorization',
  'device-code': 'device-authorization',
  token_exchange: 'oauth-token-exchange (RFC 8693) or token-exchange (Curity\'s older token exchange)',
  password: 'resource-owner-password-credentials',
  'resource-owner-password': 'resource-owner-password-credentials',
  resource_owner_password_credentials: 'resource-owner-password-credentials',
  ropc: 'resource-owner-password-credentials',
  assisted_token: 'assisted-token',
  'jwt-bearer': 'assertion',
  jwt_bearer: 'assertion',
};

const SHA256_CRYPT = /^\$5\$(rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43}$/;
const OTHER_CRYPT: Array<[RegExp, string]> = [
  [/^\$6\$/, 'a $6$ SHA-512-crypt hash'],
  [/^\$1\$/, 'a $1$ MD5-crypt hash'],
  [/^\$2[abxy]?\$/, 'a bcrypt hash'],
  [/^\$argon2/, 'an Argon2 hash'],
  [/^\$y\$/, 'a yescrypt hash'],
];

const HASH_FIX = 'Store a $5$ SHA-256-crypt hash: mcpauth secret hash < secret.txt (or openssl passwd -5).';

function view(ctx: Ctx) {
  return curityView(ctx.doc);
}

/** Why a client secret is not in a form Curity's sha-256-digest-string accepts, or its kind. */
function classifySecret(value: string): { kind: 'hash' | 'plain' | 'placeholder' } | { kind: 'bad'; problem: string } {
  if (hasPlaceholder(value)) return { kind: 'placeholder' };
  if (value === '') return { kind: 'bad', problem: 'is empty' };
  if (value.includes('§')) return { kind: 'bad', problem: 'holds "§": a template wrote $ as § and the step that turns it back (sed s/§/$/g) did not run' };
  if (value.startsWith('$0$')) return { kind: 'plain' };
  if (value.startsWith('$5$')) {
    return SHA256_CRYPT.test(value) ? { kind: 'hash' } : { kind: 'bad', problem: 'starts like a $5$ SHA-256-crypt hash but is not one ($5$<salt of 1–16>$<43 characters of ./0-9A-Za-z>): part of it was probably lost' };
  }
  for (const [pattern, name] of OTHER_CRYPT) {
    if (pattern.test(value)) return { kind: 'bad', problem: `is ${name}; Curity's secret type (sha-256-digest-string) takes only $5$ SHA-256-crypt hashes` };
  }
  if (value.startsWith('$')) return { kind: 'bad', problem: 'starts with "$" but is no hash Curity accepts' };
  if (/^[0-9]\$[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{40,}$/.test(value)) {
    return { kind: 'bad', problem: `looks like a hash whose leading "$" was lost ("${value.slice(0, 2)}…"), typically eaten by a shell or envsubst` };
  }
  return { kind: 'plain' };
}

/** The `<secret>` leaves that hold a client credential (primary and secondary verifier). */
function clientSecrets(client: CurityClient): XmlElement[] {
  return [...childrenNamed(client.element, 'secret'), ...descendantsAt(client.element, 'secondary-authentication-method/secret')];
}

/** Every capabilities list: clients, the profile's client-capabilities, DCR and ephemeral clients. */
function capabilityLists(ctx: Ctx): XmlElement[] {
  const lists: XmlElement[] = [];
  for (const client of view(ctx).clients) if (client.capabilities) lists.push(client.capabilities);
  for (const profile of view(ctx).profiles) {
    const profileCaps = childNamed(profile.authorizationServer, 'client-capabilities');
    if (profileCaps) lists.push(profileCaps);
  }
  for (const { element } of registrationSections(view(ctx))) lists.push(...childrenNamed(element, 'capabilities'));
  return lists;
}

/** Loopback http(s) redirect URI, parsed; undefined for anything else. */
function loopbackUrl(uri: string): URL | undefined {
  if (!/^https?:\/\//i.test(uri)) return undefined;
  try {
    const url = new URL(uri);
    return isLoopbackHost(url.hostname) ? url : undefined;
  } catch {
    return undefined;
  }
}

const REFERENCE_NOUN: Record<ReferenceKind, [string, string]> = {
  scope: ['scope', 'scopes'],
  capability: ['client capability', 'client capabilities'],
  authenticator: ['authenticator', 'authenticators'],
  procedure: ['pre-processing procedure', 'pre-processing procedures'],
};

/** Names held as text point at the text; capabilities are empty elements, named by their tag. */
function anchorOf(ref: CurityReference): 'value' | undefined {
  return ref.kind === 'capability' ? undefined : 'value';
}

function reportReferences(ctx: RunContext, kind: ReferenceKind, message: (ref: CurityReference) => string, fix: (ref: CurityReference) => string): void {
  for (const ref of curityReferences(ctx.documents)) {
    if (ref.kind === kind && ref.status === 'undefined') ctx.report(ref.document, ref.element, message(ref), { anchor: anchorOf(ref), fix: fix(ref) });
  }
}

export const curityRules: Rule<XmlDocument>[] = [
  {
    id: 'curity/xml-syntax',
    severity: 'error',
    appliesTo: CURITY,
    source: 'engine',
    description: 'The file is well-formed XML with no DTD or entity declarations, within 20,000 elements and 64 levels of nesting.',
  },
  {
    id: 'curity/namespace',
    severity: 'error',
    appliesTo: CURITY,
    description: 'Every prefix is declared; profiles are in the base namespace, authorization-server and the client path in the oauth namespace; the <type> prefix is declared and names the profile type\'s namespace.',
    check(ctx) {
      for (const element of allElements(ctx.doc.root)) {
        if (element.prefix !== '' && element.namespace === undefined) {
          ctx.report(element, `the prefix "${element.prefix}" of <${element.name}> is not declared (no xmlns:${element.prefix}="…" in scope)`, {
            fix: `Declare it: <${element.name} xmlns:${element.prefix}="…">, or drop the prefix.`,
          });
        }
      }
      const expect = (element: XmlElement | undefined, namespace: string, why: string) => {
        if (!element || element.namespace === undefined || element.namespace === namespace) return;
        ctx.report(element, `<${element.local}> is in the namespace "${element.namespace}", not ${namespace}: ${why}`, {
          fix: `Write <${element.local} xmlns="${namespace}"> (or inherit that namespace from its parent).`,
        });
      };
      for (const profiles of childrenNamed(ctx.doc.root, 'profiles')) expect(profiles, CURITY_NS.base, 'Curity ignores or refuses profiles outside it');
      for (const profile of view(ctx).profiles) {
        expect(profile.element, CURITY_NS.base, 'a profile is in the base namespace');
        const type = profile.typeElement;
        const value = valueOf(type);
        if (type && value !== '') {
          const colon = value.indexOf(':');
          const prefix = colon === -1 ? '' : value.slice(0, colon);
          const bound = type.scope.get(prefix);
          const wanted = PROFILE_TYPE_NAMESPACES[value.slice(colon + 1)];
          if (prefix !== '' && bound === undefined) {
            ctx.report(type, `the prefix "${prefix}" in the profile type "${value}" is not declared on <type> or above it`, {
              anchor: 'value',
              fix: wanted ? `Write <type xmlns:${prefix}="${wanted}">${value}</type>.` : `Declare it: <type xmlns:${prefix}="…">.`,
            });
          } else if (wanted && bound !== wanted) {
            ctx.report(type, `the profile type "${value}" resolves to the namespace "${bound ?? '(none)'}", not ${wanted}`, {
              anchor: 'value',
              fix: `Write <type xmlns:${prefix || 'as'}="${wanted}">${prefix || 'as'}:${value.slice(colon + 1)}</type>.`,
            });
          }
        }
        const as = profile.authorizationServer;
        expect(as, CURITY_NS.oauth, 'the token profile\'s settings are in the oauth namespace');
        if (as?.namespace !== undefined && as.namespace !== CURITY_NS.oauth) continue; // one finding for the whole subtree
        for (const store of childrenNamed(as, 'client-store')) {
          expect(store, CURITY_NS.oauth, 'the client store is in the oauth namespace');
          for (const backed of childrenNamed(store, 'config-backed')) {
            expect(backed, CURITY_NS.oauth, 'the client list is in the oauth namespace');
            for (const client of childrenNamed(backed, 'client')) {
              expect(client, CURITY_NS.oauth, 'clients are in the oauth namespace');
              for (const leaf of client.children) expect(leaf, CURITY_NS.oauth, 'the settings of a client are in the oauth namespace');
            }
          }
        }
      }
    },
  },
  {
    id: 'curity/client-id',
    severity: 'error',
    appliesTo: CURITY,
    description: 'Each client has one <id>: not empty, no whitespace, printable ASCII.',
    check(ctx) {
      for (const client of view(ctx).clients) {
        const ids = childrenNamed(client.element, 'id');
        if (ids.length === 0) {
          ctx.report(client.element, 'this client has no <id>, which is the key of the client list', { fix: 'Add <id>…</id> as the first child of <client>.' });
          continue;
        }
        for (const extra of ids.slice(1)) ctx.report(extra, `a second <id> in one client ("${valueOf(extra)}" after "${valueOf(ids[0])}")`, { fix: 'Keep one <id>.' });
        const id = ids[0].text.trim();
        if (id === '') ctx.report(ids[0], 'the client id is empty', { fix: 'Give the client an id such as "claude-client".' });
        else if (/\s/.test(id)) ctx.report(ids[0], `the client id "${id}" contains whitespace, which Curity does not allow`, { anchor: 'value', fix: 'Use letters, digits and - _ . only.' });
        else if (!/^[\x21-\x7e]+$/.test(id)) ctx.report(ids[0], `the client id "${id}" has characters outside printable ASCII`, { anchor: 'value', fix: 'Use letters, digits and - _ . only.' });
      }
    },
  },
  {
    id: 'curity/duplicate-client-id',
    severity: 'error',
    appliesTo: CURITY,
    description: 'No two clients of one profile\'s client list have the same id.',
    check(ctx) {
      const seen = new Map<string, XmlElement>();
      for (const client of view(ctx).clients) {
        if (!client.idElement || !client.id) continue;
        const key = `${client.profile.id ?? ''}\u0000${client.id}`;
        const first = seen.get(key);
        if (first) {
          const line = ctx.doc.text.slice(0, first.offset).split('\n').length;
          ctx.report(client.idElement, `a second client with the id "${client.id}" (the first is on line ${line}): Curity refuses the configuration`, {
            anchor: 'value',
            fix: 'Merge the two <client> elements, or give one another id.',
          });
        } else seen.set(key, client.idElement);
      }
    },
  },
  {
    id: 'curity/authentication-method',
    severity: 'error',
    appliesTo: CURITY,
    description: 'A client has at most one authentication method (secret, no-authentication, jwks, mutual-tls, …), and a code-flow client has one (merge patches and DCR templates excepted).',
    check(ctx) {
      for (const client of view(ctx).clients) {
        const [first, ...others] = client.verifiers;
        for (const other of others) {
          ctx.report(other, `<${other.local}> is a second authentication method for client "${client.id ?? '?'}" (it already has <${first.local}>); a client has exactly one`, {
            fix: `Keep one of <${first.local}> and <${other.local}>.`,
          });
        }
        if (client.verifiers.length === 0 && !client.patch && !client.template && capabilityNames(client).includes('code')) {
          ctx.report(client.idElement ?? client.element, `client "${client.id ?? '?'}" uses the code flow but has no authentication method: the token endpoint cannot authenticate it`, {
            fix: 'Add <secret>$5$…</secret> for a confidential client, or <no-authentication>true</no-authentication> with <proof-key><require-proof-key>true</require-proof-key></proof-key> for a public one.',
          });
        }
      }
    },
  },
  {
    id: 'curity/capability-name',
    severity: 'error',
    appliesTo: CURITY,
    description: 'Capabilities use Curity\'s XML names (code, client-credentials, oauth-token-exchange, …), not the labels of its documentation tables (authorization-code, client_credentials, ciba, device-flow).',
    check(ctx) {
      for (const list of capabilityLists(ctx)) {
        for (const capability of list.children) {
          const name = capability.local;
          if (KNOWN_CAPABILITIES.has(name)) continue;
          const right = UI_LABELS[name] ?? UI_LABELS[name.toLowerCase()];
          if (right) {
            ctx.report(capability, `<${name}> is a label from Curity's documentation, not a capability element: the XML name is ${right}`, { fix: `Write <${right.split(' ')[0]}/>.` });
          } else if (/^refresh[-_]token$/i.test(name)) {
            ctx.report(capability, `<${name}> is not a capability: refresh tokens follow the code flow and refresh-token-ttl`, { fix: `Remove <${name}/>; set <refresh-token-ttl> on the client.` });
          } else {
            ctx.report(capability, `<${name}> is not a capability this version of mcpauth knows (${[...KNOWN_CAPABILITIES].join(', ')})`, {
              severity: 'warning',
              fix: 'Check the spelling against the Curity configuration reference.',
            });
          }
        }
      }
    },
  },
  {
    id: 'curity/capability-required',
    severity: 'warning',
    appliesTo: CURITY,
    description: 'A client has at least one capability (merge patches excepted).',
    check(ctx) {
      for (const client of view(ctx).clients) {
        if (client.patch) continue;
        if (!client.capabilities) {
          ctx.report(client.idElement ?? client.element, `client "${client.id ?? '?'}" has no <capabilities>: it can use no flow at all`, { fix: 'Add <capabilities><code/></capabilities> (or the flow the client uses).' });
        } else if (client.capabilities.children.length === 0) {
          ctx.report(client.capabilities, `client "${client.id ?? '?'}" has an empty <capabilities>: it can use no flow at all`, { fix: 'Add the flow the client uses, such as <code/>.' });
        }
      }
    },
  },
  {
    id: 'curity/capability-not-enabled',
    severity: 'error',
    appliesTo: CURITY,
    description: 'Each client capability is enabled in the profile\'s client-capabilities (checked when that section is in a file of the run; haapi is always enabled).',
    checkRun(ctx) {
      reportReferences(
        ctx,
        'capability',
        (ref) => `the capability <${ref.name}> is not enabled in the client-capabilities of ${ref.target}: Curity refuses the client`,
        (ref) => `Add <${ref.name}/> to <client-capabilities> of the profile, or remove it from the client.`,
      );
    },
  },
  {
    id: 'curity/redirect-uri-required',
    severity: 'error',
    appliesTo: CURITY,
    description: 'A client with the code or implicit capability has at least one <redirect-uris>.',
    check(ctx) {
      for (const client of view(ctx).clients) {
        if (childrenNamed(client.element, 'redirect-uris').length > 0) continue;
        const flow = client.capabilities?.children.find((c) => c.local === 'code' || c.local === 'implicit');
        if (flow) {
          ctx.report(flow, `client "${client.id ?? '?'}" has the ${flow.local} capability but no <redirect-uris>: Curity requires at least one`, {
            fix: 'Add <redirect-uris>https://…/callback</redirect-uris> (one per URI).',
          });
        }
      }
    },
  },
  {
    id: 'curity/redirect-uri',
    severity: 'error',
    appliesTo: CURITY,
    description: 'Each redirect URI is one absolute URI without fragment (error); http only on loopback hosts (warning). Private-use schemes of native apps are fine; #{…} parameters are not judged.',
    check(ctx) {
      for (const client of view(ctx).clients) {
        for (const element of childrenNamed(client.element, 'redirect-uris')) {
          const uri = valueOf(element);
          if (hasPlaceholder(uri)) continue;
          const problem = (message: string, severity?: 'warning', fix?: string) => ctx.report(element, `redirect URI "${uri}" ${message}`, { anchor: 'value', severity, fix });
          if (uri === '') problem('is empty', undefined, 'Write the URI, or remove the element.');
          else if (/\s/.test(uri)) problem('holds whitespace: one <redirect-uris> element per URI', undefined, 'Write each URI in its own <redirect-uris> element.');
          else if (!/^[A-Za-z][A-Za-z0-9+.-]*:./.test(uri)) problem('is not an absolute URI (scheme:…)', undefined, 'Write the full URI, such as https://app.example.com/callback.');
          else if (uri.includes('#')) problem('has a fragment (#…), which redirect URIs must not have', undefined, 'Remove the fragment.');
          else if (/^http:\/\//i.test(uri) && !loopbackUrl(uri)) {
            problem('uses http on a host that is not loopback: OAuth 2.1 and MCP allow http only for localhost, 127.0.0.1 and [::1]', 'warning', 'Use https.');
          }
        }
      }
    },
  },
  {
    id: 'curity/loopback-port',
    severity: 'warning',
    appliesTo: CURITY,
    description: 'A loopback redirect URI without a port while validate-port-on-loopback-interfaces is true or absent: native clients listen on a port chosen at run time, and only that exact URI would match.',
    check(ctx) {
      for (const client of view(ctx).clients) {
        const validate = childNamed(client.element, 'validate-port-on-loopback-interfaces');
        if (valueOf(validate) === 'false') continue;
        for (const element of childrenNamed(client.element, 'redirect-uris')) {
          const url = loopbackUrl(valueOf(element));
          if (!url || url.port !== '' || /^https?:\/\/[^/]*:\d/i.test(valueOf(element))) continue;
          ctx.report(element, `loopback redirect URI "${valueOf(element)}" has no port while validate-port-on-loopback-interfaces is ${validate ? 'true' : 'not set (true)'}: a native client on any port but ${url.protocol === 'https:' ? 443 : 80} is refused`, {
            anchor: 'value',
            fix: 'Set <validate-port-on-loopback-interfaces>false</validate-port-on-loopback-interfaces> (RFC 8252: any port on loopback), or register the port the client pins.',
          });
        }
      }
    },
  },
  {
    id: 'curity/scope-one-value',
    severity: 'error',
    appliesTo: CURITY,
    description: 'Each <scope> of a client (or of DCR and ephemeral clients) holds exactly one scope.',
    check(ctx) {
      const scopes = [
        ...view(ctx).clients.flatMap((client) => childrenNamed(client.element, 'scope')),
        ...registrationSections(view(ctx)).flatMap(({ element }) => descendantsAt(element, 'scopes/scope')),
      ];
      for (const scope of scopes) {
        const value = valueOf(scope);
        if (value === '') ctx.report(scope, 'an empty <scope>', { fix: 'Write one scope, or remove the element.' });
        else if (/\s/.test(value)) {
          const parts = value.split(/\s+/);
          ctx.report(scope, `one <scope> holds ${parts.length} scopes ("${value}"): Curity reads it as a single scope of that name`, {
            anchor: 'value',
            fix: parts.map((p) => `<scope>${p}</scope>`).join(''),
          });
        }
      }
    },
  },
  {
    id: 'curity/scope-undefined',
    severity: 'error',
    appliesTo: CURITY,
    description: 'Each scope a client (or DCR and ephemeral clients) uses is defined in the profile\'s <scopes> (checked when that section is in a file of the run).',
    checkRun(ctx) {
      reportReferences(
        ctx,
        'scope',
        (ref) => `the scope "${ref.name}" is not defined in the scopes of ${ref.target}: Curity refuses the configuration`,
        (ref) => `Define it under <scopes><scope><id>${ref.name}</id></scope></scopes>, or correct the name.`,
      );
    },
  },
  {
    id: 'curity/authenticator-undefined',
    severity: 'error',
    appliesTo: CURITY,
    description: 'Each allowed authenticator is defined in the authentication profile the token profile links to (checked when that profile is in a file of the run).',
    checkRun(ctx) {
      reportReferences(
        ctx,
        'authenticator',
        (ref) => `the authenticator "${ref.name}" is not defined in ${ref.target}`,
        () => 'Use the id of an authenticator of that profile (settings/authentication-service/authenticators), or define it there.',
      );
    },
  },
  {
    id: 'curity/unresolved-reference',
    severity: 'info',
    appliesTo: CURITY,
    description: 'A reference (scope, capability, authenticator, procedure) whose target is in none of the files of the run, so it could not be checked: usual for merge fragments.',
    checkRun(ctx) {
      const groups = new Map<string, CurityReference[]>();
      for (const ref of curityReferences(ctx.documents)) {
        if (ref.status !== 'unresolved') continue;
        const key = `${ref.document.file}\u0000${ref.kind}\u0000${ref.target}\u0000${ref.reason}`;
        groups.set(key, [...(groups.get(key) ?? []), ref]);
      }
      for (const refs of groups.values()) {
        const names = [...new Set(refs.map((r) => r.name))];
        const [one, many] = REFERENCE_NOUN[refs[0].kind];
        const list = names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ');
        const first = refs[0];
        const why =
          first.kind === 'procedure'
            ? 'no pre-processing procedure is defined in the files of this run (it may be deployed as a file)'
            : first.reason === 'fragments-only'
              ? 'only merge fragments of this run define some, and the configuration they are merged into may define the rest'
              : 'the definitions are in none of the files of this run';
        ctx.report(first.document, first.element, `${names.length === 1 ? `the ${one}` : `${names.length} ${many}`} ${list} of ${first.target} could not be checked: ${why}`, {
          anchor: anchorOf(refs[0]),
          fix: 'Validate this file together with the server\'s configuration (a config backup) to check them.',
        });
      }
    },
  },
  {
    id: 'curity/secret-plaintext',
    severity: 'warning',
    appliesTo: CURITY,
    description: 'A client <secret> is stored as a $5$ SHA-256-crypt hash, not in plain text.',
    check(ctx) {
      for (const client of view(ctx).clients) {
        for (const secret of clientSecrets(client)) {
          if (classifySecret(valueOf(secret)).kind !== 'plain') continue;
          // The value itself is never repeated: it is a secret.
          ctx.report(secret, `the secret of client "${client.id ?? '?'}" is in plain text: it ends up in every copy and backup of this file`, { anchor: 'value', fix: HASH_FIX });
        }
      }
    },
  },
  {
    id: 'curity/secret-format',
    severity: 'error',
    appliesTo: CURITY,
    description: 'A client secret that looks like a hash is a valid $5$ SHA-256-crypt hash (not $6$, $1$, bcrypt, a truncated 5$…, or §5§ left by a template).',
    check(ctx) {
      for (const client of view(ctx).clients) {
        for (const secret of clientSecrets(client)) {
          const kind = classifySecret(valueOf(secret));
          if (kind.kind !== 'bad') continue;
          ctx.report(secret, `the secret of client "${client.id ?? '?'}" ${kind.problem}: the client can never authenticate`, { anchor: 'value', fix: HASH_FIX });
        }
      }
    },
  },
  {
    id: 'curity/placeholder',
    severity: 'warning',
    appliesTo: CURITY,
    description: 'A #{NAME} parameter has a default (#{NAME | default}); without one, the server refuses to start when NAME is not set.',
    check(ctx) {
      for (const element of allElements(ctx.doc.root)) {
        const values = [element.text, ...Object.values(element.attributes)];
        const names = new Set<string>();
        for (const value of values) {
          if (!hasPlaceholder(value)) continue;
          for (const match of value.matchAll(PLACEHOLDER)) if (match[2] === undefined) names.add(match[1]);
        }
        if (names.size === 0) continue;
        const list = [...names].map((n) => `#{${n}}`).join(', ');
        ctx.report(element, `${list} has no default: the server refuses to start unless ${[...names].join(', ')} ${names.size === 1 ? 'is' : 'are'} set in its environment`, {
          anchor: 'value',
          fix: `Set ${[...names].join(', ')} wherever the server runs, or give a default: #{${[...names][0]} | value}.`,
        });
      }
    },
  },
  {
    id: 'curity/refresh-token',
    severity: 'info',
    appliesTo: CURITY,
    description: 'A code-flow client whose audience is a URL (an MCP server or other resource) keeps the default refresh-token lifetime (3600 s): say how long an AI agent may keep access.',
    check(ctx) {
      for (const client of view(ctx).clients) {
        if (client.patch || !capabilityNames(client).includes('code') || childNamed(client.element, 'refresh-token-ttl')) continue;
        const audience = childrenNamed(client.element, 'audience').find((a) => /^https?:\/\//i.test(valueOf(a)));
        if (!audience) continue;
        ctx.report(client.idElement ?? client.element, `client "${client.id ?? '?'}" for the resource ${valueOf(audience)} gets refresh tokens for the default 3600 s`, {
          anchor: 'value',
          fix: 'Set <refresh-token-ttl> to the lifetime you want, or to disabled for no refresh tokens.',
        });
      }
    },
  },
  {
    id: 'curity/dcr-procedure-binding',
    severity: 'error',
    appliesTo: CURITY,
    description: 'A pre-processing-procedure is bound only to an endpoint of kind oauth-dynamic-client-registration, and names a procedure defined in the run when the run defines any.',
    check(ctx) {
      for (const { element } of endpoints(view(ctx))) {
        const binding = childNamed(element, 'pre-processing-procedure');
        const kind = valueOf(childNamed(element, 'endpoint-kind'));
        if (!binding || kind === '' || kind === 'oauth-dynamic-client-registration') continue;
        ctx.report(binding, `a pre-processing procedure on the endpoint "${valueOf(childNamed(element, 'id'))}" of kind ${kind}: Curity runs them only on the DCR endpoint (oauth-dynamic-client-registration)`, {
          fix: 'Bind the procedure to the endpoint whose <endpoint-kind> is oauth-dynamic-client-registration.',
        });
      }
    },
    checkRun(ctx) {
      reportReferences(
        ctx,
        'procedure',
        (ref) => `the pre-processing procedure "${ref.name}" is not defined under processing/procedures, which defines others`,
        (ref) => `Define <pre-processing-procedure><id>${ref.name}</id><script>…</script></pre-processing-procedure>, or deploy it as etc/init/pre-processing-procedures/${ref.name}.js and check the name.`,
      );
    },
  },
];
