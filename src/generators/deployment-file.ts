/** deployment.json: the resolved answers, re-usable with `--from` / `--answers`. */
import type { Deployment } from '../deployment/model.js';
import type { Artifact } from './artifact.js';

export const DEPLOYMENT_FILE = 'deployment.json';

export function generateDeploymentFile(deployment: Deployment): Artifact {
  return { name: DEPLOYMENT_FILE, title: 'deployment answers (reuse with --from)', content: `${JSON.stringify(deployment, null, 2)}\n` };
}
