/** Every artifact of a deployment, in the order they are shown to the user. */
import type { Deployment } from '../deployment/model.js';
import type { Artifact } from './artifact.js';
import { generateDeploymentFile } from './deployment-file.js';
import { generateDcrPolicy } from './dcr-policy.js';
import { generateDesktopConfig } from './desktop-config.js';

export const ARTIFACT_KINDS = ['desktop-config', 'dcr-policy', 'all'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

export function generate(kind: ArtifactKind, deployment: Deployment): Artifact[] {
  switch (kind) {
    case 'desktop-config':
      return generateDesktopConfig(deployment);
    case 'dcr-policy':
      return generateDcrPolicy(deployment);
    case 'all':
      return [...generateDesktopConfig(deployment), ...generateDcrPolicy(deployment), generateDeploymentFile(deployment)];
  }
}
