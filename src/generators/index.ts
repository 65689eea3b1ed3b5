/**
 * Every artifact of a deployment, in the order they are shown to the user. The Curity generators
 * load the XML builder, so they are imported only when asked for.
 */
import type { Deployment } from '../deployment/model.js';
import type { DcrPolicy } from '../policy/model.js';
import type { Artifact } from './artifact.js';
import { generateDeploymentFile } from './deployment-file.js';
import { generateDcrPolicy } from './dcr-policy.js';
import { generateDesktopConfig } from './desktop-config.js';
import type { ClientSecret } from './static-client.js';

export const ARTIFACT_KINDS = ['desktop-config', 'static-client', 'dcr-policy', 'all'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];
import { ARTIFACT_PARTS, type ArtifactPart } from './parts.js';

export { ARTIFACT_PARTS, type ArtifactPart } from './parts.js';

/** What a generator cannot make up itself, settled by the command. */
export interface GenerateInputs {
  /** The static client's secret; absent for a public client. */
  clientSecret?: ClientSecret;
  /** A reviewed policy (generate --policy) to compile instead of the one derived from the deployment. */
  dcrPolicy?: DcrPolicy;
}

export async function generate(kind: ArtifactKind, deployment: Deployment, inputs: GenerateInputs = {}): Promise<Artifact[]> {
  switch (kind) {
    case 'desktop-config':
      return generateDesktopConfig(deployment);
    case 'static-client': {
      const { generateStaticClient } = await import('./static-client.js');
      return generateStaticClient(deployment, inputs.clientSecret);
    }
    case 'dcr-policy':
      return generateDcrPolicy(deployment, inputs.dcrPolicy);
    case 'all':
      return generateParts(ARTIFACT_PARTS, deployment, inputs);
  }
}

/**
 * The parts a choice really needs: with static registration the desktop entry's client is the
 * Curity static client, so choosing the desktop config brings curity-static-client.xml along.
 */
export function neededParts(chosen: readonly ArtifactPart[], deployment: Deployment): ArtifactPart[] {
  const needed = new Set(chosen);
  if (needed.has('desktop-config') && deployment.desktop.registration === 'static') needed.add('static-client');
  return ARTIFACT_PARTS.filter((part) => needed.has(part));
}

/**
 * The chosen artifacts and deployment.json, in the order of "all" (which is every part), so that
 * choosing everything gives exactly the files of `generate all`. The CIMD files belong to the
 * desktop entry: they exist only for its cimd registration.
 */
export async function generateParts(chosen: readonly ArtifactPart[], deployment: Deployment, inputs: GenerateInputs = {}): Promise<Artifact[]> {
  const parts = new Set(neededParts(chosen, deployment));
  // One after the other: both load the XML builder, and jest's ESM loader trips over two
  // concurrent first imports of one module (the cost is nil: the second finds it loaded).
  const { generateStaticClient } = await import('./static-client.js');
  const { generateCimd } = await import('./cimd.js');
  return [
    ...(parts.has('desktop-config') ? generateDesktopConfig(deployment) : []),
    ...(parts.has('static-client') ? generateStaticClient(deployment, inputs.clientSecret) : []),
    ...(parts.has('desktop-config') ? generateCimd(deployment) : []),
    ...(parts.has('dcr-policy') ? generateDcrPolicy(deployment, inputs.dcrPolicy) : []),
    generateDeploymentFile(deployment),
  ];
}
