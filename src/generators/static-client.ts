/**
 * curity-static-client.xml: the config-backed client as a Curity merge fragment, and the file that
 * holds its plain secret. The secret arrives from the command (new, reused or supplied); this
 * module only decides where it goes: its $5$ hash into the XML (or, if asked, the plain value),
 * the plain value into <client-id>.secret, mode 0600, never anywhere else.
 */
import { secretFileName } from '../crypto/client-secret.js';
import type { Deployment } from '../deployment/model.js';
import { staticClientSettings, type StaticClient } from '../deployment/static-client.js';
import type { Artifact } from './artifact.js';
import { authorizationServerFragment, type XmlValue } from './curity-xml.js';

import { STATIC_CLIENT_FILE } from './file-names.js';

export interface ClientSecret {
  /** The plain secret. */
  value: string;
  /** Its $5$ SHA-256-crypt hash. */
  hash: string;
  /** Write <client-id>.secret: true for a new or reused secret, false for one the user supplied. */
  writeFile: boolean;
}

export function generateStaticClient(deployment: Deployment, secret: ClientSecret | undefined): Artifact[] {
  const client = staticClientSettings(deployment);
  if (!client.public && secret === undefined) throw new Error('internal: the static client needs a secret');
  const credential = client.public ? undefined : (secret as ClientSecret);
  const xml = authorizationServerFragment(deployment.authorizationServer.profileId, {
    'client-store': { 'config-backed': { client: clientElement(client, credential) } },
  });
  const artifacts: Artifact[] = [
    {
      name: STATIC_CLIENT_FILE,
      title: `Curity static client "${client.clientId}" (merge fragment)`,
      content: xml,
      // A plain secret in the XML makes the XML itself a secret: mode 0600, and never shown in a diff.
      mode: credential && client.plaintextSecret ? 0o600 : undefined,
      secret: Boolean(credential && client.plaintextSecret) || undefined,
    },
  ];
  if (credential?.writeFile) {
    artifacts.push({
      name: secretFileName(client.clientId),
      title: `client secret of "${client.clientId}" (not shown; keep it private)`,
      content: `${credential.value}\n`,
      mode: 0o600,
      secret: true,
    });
  }
  return artifacts;
}

/** Children in the order Curity's Admin UI exports them (reference/curity.md §3), id first. */
function clientElement(client: StaticClient, secret: ClientSecret | undefined): Record<string, XmlValue> {
  const el: Record<string, XmlValue> = { id: client.clientId };
  if (client.clientName !== undefined) el['client-name'] = client.clientName;
  if (secret) el.secret = client.plaintextSecret ? secret.value : secret.hash;
  else el['no-authentication'] = 'true';
  if (client.description !== undefined) el.description = client.description;
  el['redirect-uris'] = client.redirectUris;
  if (client.consent) el['user-consent'] = '';
  if (client.requirePkce) el['proof-key'] = { 'require-proof-key': 'true' };
  if (client.accessTokenTtl !== undefined) el['access-token-ttl'] = String(client.accessTokenTtl);
  if (client.refreshTokenTtl !== undefined) el['refresh-token-ttl'] = String(client.refreshTokenTtl);
  el.audience = client.audiences;
  el.scope = client.scopes;
  el['user-authentication'] = { 'allowed-authenticators': client.authenticators };
  el.capabilities = { code: '' };
  el['validate-port-on-loopback-interfaces'] = String(client.validatePortOnLoopbackInterfaces);
  return el;
}
