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
    case 'all': {
      const [{ generateStaticClient }, { generateCimd }] = await Promise.all([import('./static-client.js'), import('./cimd.js')]);
      return [
        ...generateDesktopConfig(deployment),
        ...generateStaticClient(deployment, inputs.clientSecret),
        ...generateCimd(deployment),
        ...generateDcrPolicy(deployment, inputs.dcrPolicy),
        generateDeploymentFile(deployment),
      ];
    }
  }
}
