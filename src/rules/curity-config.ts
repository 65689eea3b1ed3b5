/**
 * What the curity/ and cross/ rules see of a Curity configuration file (reference/curity.md §2–§6):
 * its profiles, the config-backed clients of its token profiles, and the definitions other parts
 * refer to (scopes, client capabilities, authenticators, procedures). Elements are found by local
 * name along Curity's paths, whatever prefix a file uses; curity/namespace checks the namespaces.
 */
import { childNamed, childrenNamed, descendantsAt, valueOf, type XmlDocument, type XmlElement } from '../validate/parse/xml-tree.js';
import { derived } from '../validate/parse/derived.js';

export const CURITY_NS = {
  config: 'http://tail-f.com/ns/config/1.0',
  base: 'https://curity.se/ns/conf/base',
  oauth: 'https://curity.se/ns/conf/profile/oauth',
  authentication: 'https://curity.se/ns/conf/profile/authentication',
  userManagement: 'https://curity.se/ns/conf/profile/user-management',
  apps: 'https://curity.se/ns/conf/profile/apps',
} as const;

/** The namespace each profile type (the local part of `<type>`) belongs to. */
export const PROFILE_TYPE_NAMESPACES: Readonly<Record<string, string>> = {
  'oauth-service': CURITY_NS.oauth,
  'authentication-service': CURITY_NS.authentication,
  'user-management-service': CURITY_NS.userManagement,
  'apps-service': CURITY_NS.apps,
};

/** The client verifier choice: at most one of these (reference/curity.md §3, "verifier (OneOf)"). */
export const VERIFIERS = ['secret', 'no-authentication', 'asymmetric-key', 'symmetric-key', 'jwks', 'jwks-uri', 'credential-manager', 'mutual-tls', 'mutual-tls-by-proxy'] as const;

export interface CurityProfile {
  readonly element: XmlElement;
  readonly id?: string;
  readonly idElement?: XmlElement;
  readonly typeElement?: XmlElement;
  /** The local part of the `<type>` value (`oauth-service`). */
  readonly typeName?: string;
  /** `settings/authorization-server`: the token (oauth) profile's settings. */
  readonly authorizationServer?: XmlElement;
  /** `settings/authentication-service`: the authentication profile's settings. */
  readonly authenticationService?: XmlElement;
}

export interface CurityClient {
  readonly element: XmlElement;
  readonly profile: CurityProfile;
  /** The `<config-backed>` list it is in. */
  readonly store: XmlElement;
  readonly id?: string;
  readonly idElement?: XmlElement;
  readonly verifiers: XmlElement[];
  readonly capabilities?: XmlElement;
  /** A DCR template client (`dynamic-client-registration-template`): it has no verifier of its own. */
  readonly template: boolean;
  /**
   * A merge patch: a client listed with neither an authentication method nor capabilities changes
   * a few leaves of a client defined elsewhere (reference/curity.md C32), so what a whole client
   * must have is not asked of it.
   */
  readonly patch: boolean;
}

export interface CurityView {
  readonly doc: XmlDocument;
  readonly profiles: CurityProfile[];
  readonly clients: CurityClient[];
}

const VIEW = Symbol('Curity view');

export function curityView(doc: XmlDocument): CurityView {
  return derived(doc, VIEW, buildView);
}

function buildView(doc: XmlDocument): CurityView {
  const profiles = descendantsAt(doc.root, 'profiles/profile').map(readProfile);
  const clients: CurityClient[] = [];
  for (const profile of profiles) {
    for (const store of descendantsAt(profile.authorizationServer, 'client-store/config-backed')) {
      for (const element of childrenNamed(store, 'client')) clients.push(readClient(element, profile, store));
    }
  }
  return { doc, profiles, clients };
}

function readProfile(element: XmlElement): CurityProfile {
  const idElement = childNamed(element, 'id');
  const typeElement = childNamed(element, 'type');
  const typeValue = valueOf(typeElement);
  const settings = childNamed(element, 'settings');
  return {
    element,
    id: idElement ? valueOf(idElement) : undefined,
    idElement,
    typeElement,
    typeName: typeValue ? typeValue.slice(typeValue.indexOf(':') + 1) : undefined,
    authorizationServer: childNamed(settings, 'authorization-server'),
    authenticationService: childNamed(settings, 'authentication-service'),
  };
}

function readClient(element: XmlElement, profile: CurityProfile, store: XmlElement): CurityClient {
  const idElement = childNamed(element, 'id');
  const verifiers = element.children.filter((child) => (VERIFIERS as readonly string[]).includes(child.local));
  const capabilities = childNamed(element, 'capabilities');
  return {
    element,
    profile,
    store,
    id: idElement ? valueOf(idElement) : undefined,
    idElement,
    verifiers,
    capabilities,
    template: childNamed(element, 'dynamic-client-registration-template') !== undefined,
    patch: verifiers.length === 0 && capabilities === undefined,
  };
}

/** The names of a client's capabilities (`code`, `client-credentials`, …). */
export function capabilityNames(client: CurityClient): string[] {
  return client.capabilities ? client.capabilities.children.map((c) => c.local) : [];
}

export function isOauthProfile(profile: CurityProfile): boolean {
  return profile.authorizationServer !== undefined || profile.typeName === 'oauth-service';
}

/** `#{NAME}` or `#{NAME | default}` anywhere in a value: a parameter Curity resolves from the environment. */
export const PLACEHOLDER = /#\{\s*([^}|]*?)\s*(\|[^}]*)?\}/g;

export function hasPlaceholder(value: string): boolean {
  return value.includes('#{');
}

/** The `<dynamic-client-registration>` and `<ephemeral-client>` sections of the token profiles. */
export function registrationSections(view: CurityView): Array<{ profile: CurityProfile; element: XmlElement; kind: 'dcr' | 'ephemeral' }> {
  const out: Array<{ profile: CurityProfile; element: XmlElement; kind: 'dcr' | 'ephemeral' }> = [];
  for (const profile of view.profiles) {
    for (const element of descendantsAt(profile.authorizationServer, 'dynamic-client-registration/non-templatized')) out.push({ profile, element, kind: 'dcr' });
    for (const element of childrenNamed(profile.authorizationServer, 'ephemeral-client')) out.push({ profile, element, kind: 'ephemeral' });
  }
  return out;
}

/** Every `<endpoint>` of every profile. */
export function endpoints(view: CurityView): Array<{ profile: CurityProfile; element: XmlElement }> {
  return view.profiles.flatMap((profile) => descendantsAt(profile.element, 'endpoints/endpoint').map((element) => ({ profile, element })));
}

/** The ids of the pre-processing procedures the file defines (`processing/procedures/pre-processing-procedure`). */
export function preProcessingProcedures(view: CurityView): string[] {
  return descendantsAt(view.doc.root, 'processing/procedures/pre-processing-procedure').map((p) => valueOf(childNamed(p, 'id')));
}
