/**
 * The Claude Desktop entry that runs mcp-remote (reference/claude-desktop-and-mcp-remote.md §6).
 * Everything is serialised with JSON.stringify: the metadata is JSON inside a JSON string.
 */
import path from 'node:path';
import type { Deployment } from '../deployment/model.js';
import { staticClientSettings } from '../deployment/static-client.js';
import type { Artifact } from './artifact.js';
import { mergeServerEntry } from './desktop-config-merge.js';
import { strictJsonProblem } from '../json/strict.js';

export const DESKTOP_CONFIG_FILE = 'claude_desktop_config.json';

export interface DesktopEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** RFC 7591 client metadata that mcp-remote spreads over its registration request. */
export function clientMetadata(deployment: Deployment): Record<string, string> {
  return { client_name: deployment.desktop.clientName, scope: deployment.server.scopes.join(' ') };
}

/**
 * What `--static-oauth-client-info` passes with static registration: the client id only. The
 * Curity client is public (PKCE), so no secret ever sits in the desktop config.
 */
export function staticClientInfo(deployment: Deployment): Record<string, string> {
  return { client_id: staticClientSettings(deployment).clientId };
}

export function desktopArgs(deployment: Deployment): string[] {
  const { desktop, server } = deployment;
  // npx options before the package, the URL first after it, the port right after the URL (§1.4).
  const args = ['-y', `mcp-remote@${desktop.mcpRemoteVersion}`, server.url];
  if (desktop.callbackPort !== undefined) args.push(String(desktop.callbackPort));
  if (desktop.registration === 'static') {
    const info = desktop.clientInfoFile !== undefined ? `@${desktop.clientInfoFile}` : JSON.stringify(staticClientInfo(deployment));
    args.push('--static-oauth-client-info', info);
  }
  if (desktop.registration === 'cimd') args.push('--client-metadata-url', desktop.clientMetadataUrl as string);
  // In every mode the static metadata carries the scope: mcp-remote asks for it before anything it
  // discovers, and with cimd it is also the registration body should the server not take CIMD.
  const metadata = desktop.metadataFile !== undefined ? `@${desktop.metadataFile}` : JSON.stringify(clientMetadata(deployment));
  args.push('--static-oauth-client-metadata', metadata);
  return args;
}

export function desktopEntry(deployment: Deployment): DesktopEntry {
  const entry: DesktopEntry = { command: 'npx', args: desktopArgs(deployment) };
  if (deployment.desktop.caCert !== undefined) entry.env = { NODE_EXTRA_CA_CERTS: deployment.desktop.caCert };
  return entry;
}

export function generateDesktopConfig(deployment: Deployment): Artifact[] {
  const name = deployment.desktop.serverName;
  const entry = desktopEntry(deployment);
  const artifacts: Artifact[] = [
    {
      name: DESKTOP_CONFIG_FILE,
      title: 'Claude Desktop config',
      content: `${JSON.stringify({ mcpServers: { [name]: entry } }, null, 2)}\n`,
      mode: 0o600,
      merge: (existing) => mergeServerEntry(existing, name, entry),
      validate: strictJsonProblem,
    },
  ];
  if (deployment.desktop.metadataFile !== undefined) {
    artifacts.push({
      name: metadataFileName(deployment),
      title: `client metadata (copy to ${deployment.desktop.metadataFile} on the target computer)`,
      content: `${JSON.stringify(clientMetadata(deployment), null, 2)}\n`,
      validate: strictJsonProblem,
    });
  }
  if (deployment.desktop.clientInfoFile !== undefined) {
    artifacts.push({
      name: targetBaseName(deployment, deployment.desktop.clientInfoFile),
      title: `static client info (copy to ${deployment.desktop.clientInfoFile} on the target computer)`,
      content: `${JSON.stringify(staticClientInfo(deployment), null, 2)}\n`,
    });
  }
  return artifacts;
}

/** The local name of the @file: the last segment of its path on the target. */
export function metadataFileName(deployment: Deployment): string {
  return targetBaseName(deployment, deployment.desktop.metadataFile ?? `${deployment.desktop.serverName}.client-metadata.json`);
}

function targetBaseName(deployment: Deployment, target: string): string {
  return deployment.desktop.platform === 'win32' ? path.win32.basename(target) : path.posix.basename(target);
}

/**
 * Default @file location for a Windows target: under %ProgramData%, whose path has no spaces
 * (a user profile path often has one) and which any user may create folders in.
 */
export function defaultWindowsMetadataFile(serverName: string, env: NodeJS.ProcessEnv): string {
  return path.win32.join(windowsProgramData(env), 'mcpauth', `${serverName}.client-metadata.json`);
}

/** The same folder for the static client info of static registration. */
export function defaultWindowsClientInfoFile(serverName: string, env: NodeJS.ProcessEnv): string {
  return path.win32.join(windowsProgramData(env), 'mcpauth', `${serverName}.client-info.json`);
}

function windowsProgramData(env: NodeJS.ProcessEnv): string {
  return env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
}
