/**
 * References between the parts of a Curity configuration (scopes, client capabilities,
 * authenticators, pre-processing procedures), resolved over every Curity file of a run, as Curity
 * merges them: fragments are often checked beside the configuration they go into.
 *
 * A reference is `defined`; `undefined` when a whole configuration of the run has the section it
 * points into and no file of the run defines it (an error); or `unresolved` when it cannot be
 * known (curity/unresolved-reference). A merge fragment's section does not prove an absence: it
 * only adds to the section of the configuration it is merged into (the corpus has fragments that
 * add one scope and use others), so sections from fragments only ever resolve references.
 */
import { childNamed, childrenNamed, descendantsAt, valueOf, type XmlElement } from '../validate/parse/xml-tree.js';
import { capabilityNames, curityView, endpoints, hasPlaceholder, preProcessingProcedures, registrationSections, type CurityView } from './curity-config.js';
import type { RunDocument } from './rule.js';

export type ReferenceKind = 'scope' | 'capability' | 'authenticator' | 'procedure';

export interface CurityReference {
  readonly kind: ReferenceKind;
  readonly name: string;
  readonly element: XmlElement;
  readonly document: RunDocument;
  readonly status: 'defined' | 'undefined' | 'unresolved';
  /** For unresolved references: no file has the section, or only merge fragments have it. */
  readonly reason?: 'absent' | 'fragments-only';
  /** What the reference points into: `profile "token-service"`, `authentication profile "authn"`. */
  readonly target: string;
}

/**
 * A whole configuration (an export, a backup, a complete set-up) rather than a merge fragment:
 * it has the top-level sections every running server has. Fragments have some of them at most.
 */
export function isWholeConfiguration(view: CurityView): boolean {
  const top = new Set(view.doc.root.children.map((c) => c.local));
  return ['environments', 'facilities', 'processing', 'profiles'].every((name) => top.has(name));
}

/** Capabilities Curity's XML knows (reference/curity.md §3, CR/client-capabilities). */
export const KNOWN_CAPABILITIES = new Set([
  'code',
  'implicit',
  'resource-owner-password-credentials',
  'client-credentials',
  'introspection',
  'token-exchange',
  'oauth-token-exchange',
  'assisted-token',
  'backchannel-authentication',
  'device-authorization',
  'assertion',
  'haapi',
]);

/** "The HAAPI capability (this is always enabled)" at the profile. */
const ALWAYS_ENABLED = new Set(['haapi']);

interface Section {
  /** Some file of the run has the section. */
  present: boolean;
  /** A whole configuration of the run has it: what it lacks, the server lacks. */
  whole: boolean;
  ids: Set<string>;
}

function section(): Section {
  return { present: false, whole: false, ids: new Set() };
}

function statusIn(entry: Section | undefined, found: boolean): Pick<CurityReference, 'status' | 'reason'> {
  if (found) return { status: 'defined' };
  if (entry?.whole) return { status: 'undefined' };
  return { status: 'unresolved', reason: entry?.present ? 'fragments-only' : 'absent' };
}

function get<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** The definitions of every Curity file of the run, merged as Curity merges fragments. */
interface Definitions {
  scopes: Map<string, Section & { prefixes: string[] }>;
  capabilities: Map<string, Section>;
  /** Token profile id → the authentication profile(s) it names. */
  authenticationProfiles: Map<string, Set<string>>;
  authenticators: Map<string, Section>;
  procedures: Section;
}

export function curityViews(documents: readonly RunDocument[]): Array<{ document: RunDocument; view: CurityView }> {
  return documents.flatMap((document) => (document.type === 'curity-xml' && document.doc.kind === 'xml' ? [{ document, view: curityView(document.doc) }] : []));
}

function definitions(views: Array<{ view: CurityView }>): Definitions {
  const defs: Definitions = { scopes: new Map(), capabilities: new Map(), authenticationProfiles: new Map(), authenticators: new Map(), procedures: section() };
  for (const { view } of views) {
    const whole = isWholeConfiguration(view);
    for (const profile of view.profiles) {
      if (profile.id === undefined) continue;
      const as = profile.authorizationServer;
      const scopes = childNamed(as, 'scopes');
      if (scopes) {
        const entry = get(defs.scopes, profile.id, () => ({ ...section(), prefixes: [] as string[] }));
        entry.present = true;
        entry.whole ||= whole;
        for (const scope of childrenNamed(scopes, 'scope')) {
          const id = valueOf(childNamed(scope, 'id'));
          entry.ids.add(id);
          if (valueOf(childNamed(scope, 'is-prefix')) === 'true') entry.prefixes.push(id);
        }
      }
      const capabilities = childNamed(as, 'client-capabilities');
      if (capabilities) {
        const entry = get(defs.capabilities, profile.id, section);
        entry.present = true;
        entry.whole ||= whole;
        for (const capability of capabilities.children) entry.ids.add(capability.local);
      }
      for (const link of descendantsAt(as, 'authentication-service/authentication-profile')) {
        get(defs.authenticationProfiles, profile.id, () => new Set<string>()).add(valueOf(link));
      }
      const authenticators = childNamed(profile.authenticationService, 'authenticators');
      if (authenticators) {
        const entry = get(defs.authenticators, profile.id, section);
        entry.present = true;
        entry.whole ||= whole;
        for (const authenticator of childrenNamed(authenticators, 'authenticator')) entry.ids.add(valueOf(childNamed(authenticator, 'id')));
      }
    }
    for (const id of preProcessingProcedures(view)) {
      // The catalog's rule: once the run defines procedures, a binding must name one of them.
      defs.procedures.present = defs.procedures.whole = true;
      defs.procedures.ids.add(id);
    }
  }
  return defs;
}

/** One value that can be looked up: a single token, not a placeholder (other rules judge those). */
function checkable(value: string): boolean {
  return value !== '' && !/\s/.test(value) && !hasPlaceholder(value);
}

const cache = new WeakMap<readonly RunDocument[], CurityReference[]>();

export function curityReferences(documents: readonly RunDocument[]): CurityReference[] {
  let references = cache.get(documents);
  if (!references) {
    references = resolveReferences(documents);
    cache.set(documents, references);
  }
  return references;
}

function resolveReferences(documents: readonly RunDocument[]): CurityReference[] {
  const views = curityViews(documents);
  const defs = definitions(views);
  const out: CurityReference[] = [];

  for (const { document, view } of views) {
    type Status = Pick<CurityReference, 'status' | 'reason'>;
    const add = (kind: ReferenceKind, element: XmlElement, status: Status, target: string, name = valueOf(element)) =>
      out.push({ kind, name, element, document, ...status, target });

    const scopeStatus = (profileId: string | undefined, name: string): Status => {
      const scopes = profileId === undefined ? undefined : defs.scopes.get(profileId);
      return statusIn(scopes, !!scopes && (scopes.ids.has(name) || scopes.prefixes.some((prefix) => prefix !== '' && name.startsWith(prefix))));
    };
    const authenticatorStatus = (profileId: string | undefined, name: string): Status & { target: string } => {
      const links = profileId === undefined ? undefined : defs.authenticationProfiles.get(profileId);
      if (!links || links.size === 0) return { status: 'unresolved', reason: 'absent', target: `the authentication profile of profile "${profileId ?? '?'}"` };
      const entries = [...links].map((id) => defs.authenticators.get(id)).filter((e): e is Section => e !== undefined);
      const merged: Section = { present: entries.some((e) => e.present), whole: entries.some((e) => e.whole), ids: new Set(entries.flatMap((e) => [...e.ids])) };
      return { ...statusIn(merged, merged.ids.has(name)), target: `authentication profile "${[...links].join('", "')}"` };
    };

    for (const client of view.clients) {
      const profileId = client.profile.id;
      const target = `profile "${profileId ?? '?'}"`;
      for (const scope of childrenNamed(client.element, 'scope')) {
        if (checkable(valueOf(scope))) add('scope', scope, scopeStatus(profileId, valueOf(scope)), target);
      }
      const capabilities = profileId === undefined ? undefined : defs.capabilities.get(profileId);
      for (const name of capabilityNames(client)) {
        if (!KNOWN_CAPABILITIES.has(name)) continue; // curity/capability-name
        const element = childNamed(client.capabilities, name)!;
        add('capability', element, statusIn(capabilities, ALWAYS_ENABLED.has(name) || !!capabilities?.ids.has(name)), target, name);
      }
      for (const authenticator of descendantsAt(client.element, 'user-authentication/allowed-authenticators')) {
        if (!checkable(valueOf(authenticator))) continue;
        const { target: where, ...status } = authenticatorStatus(profileId, valueOf(authenticator));
        add('authenticator', authenticator, status, where);
      }
    }

    for (const { profile, element } of registrationSections(view)) {
      const target = `profile "${profile.id ?? '?'}"`;
      for (const scope of descendantsAt(element, 'scopes/scope')) {
        if (checkable(valueOf(scope))) add('scope', scope, scopeStatus(profile.id, valueOf(scope)), target);
      }
      for (const authenticator of descendantsAt(element, 'authenticators/authenticator')) {
        if (!checkable(valueOf(authenticator))) continue;
        const { target: where, ...status } = authenticatorStatus(profile.id, valueOf(authenticator));
        add('authenticator', authenticator, status, where);
      }
    }

    for (const { element } of endpoints(view)) {
      const binding = childNamed(element, 'pre-processing-procedure');
      if (!binding || !checkable(valueOf(binding))) continue;
      add('procedure', binding, statusIn(defs.procedures, defs.procedures.ids.has(valueOf(binding))), 'processing/procedures');
    }
  }
  return out;
}
