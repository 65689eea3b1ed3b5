/** Every artifact of a deployment, in the order they are shown to the user. */
import type { Deployment } from '../deployment/model.js';
import type { Artifact } from './artifact.js';
import { generateDeploymentFile } from './deployment-file.js';
import { generateDesktopConfig } from './desktop-config.js';

export const ARTIFACT_KINDS = ['desktop-config', 'all'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

export function generate(kind: ArtifactKind, deployment: Deployment): Artifact[] {
  switch (kind) {
    case 'desktop-config':
      return generateDesktopConfig(deployment);
    case 'all':
      return [...generateDesktopConfig(deployment), generateDeploymentFile(deployment)];
  }
}
