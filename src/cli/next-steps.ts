/** What to do after the files are written (Curity guide and reference §6 item 16). */
import path from 'node:path';
import type { Deployment } from '../deployment/model.js';
import { claudeConfigLocation } from '../fsx/claude-paths.js';
import { isThisComputer } from '../deployment/platform.js';
import { staticClientSettings } from '../deployment/static-client.js';
import { DESKTOP_CONFIG_FILE } from '../generators/desktop-config.js';
import { CIMD_DOCUMENT_FILE, EPHEMERAL_CLIENT_FILE, STATIC_CLIENT_FILE } from '../generators/file-names.js';

function knownLocation(platform: Deployment['desktop']['platform'], env: NodeJS.ProcessEnv): string | undefined {
  try {
    return claudeConfigLocation(platform, env).file;
  } catch {
    return undefined; // the environment does not say: fall back to the generic description
  }
}

export function nextSteps(deployment: Deployment, outDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const platform = deployment.desktop.platform;
  const location = (isThisComputer(platform) && knownLocation(platform, env)) || { darwin: '~/Library/Application Support/Claude/claude_desktop_config.json', linux: '~/.config/Claude/claude_desktop_config.json', win32: '%APPDATA%\\Claude\\claude_desktop_config.json (or, for the Microsoft Store / MSIX app, %LOCALAPPDATA%\\Packages\\Claude_*\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json)' }[platform];
  const file = (name: string) => path.join(outDir, name);
  const configFile = file(DESKTOP_CONFIG_FILE);
  const steps = [
    isThisComputer(platform)
      ? `Put the "${deployment.desktop.serverName}" entry into Claude Desktop's config (${location}) with "mcpauth install" (add --dry-run to see the change first).`
      : `Merge the "${deployment.desktop.serverName}" entry of ${configFile} into Claude Desktop's config on that computer: ${location} (or run "mcpauth install --entry-from ${configFile}" there).`,
  ];
  if (deployment.desktop.metadataFile !== undefined) {
    steps.push(`Copy the client-metadata file to ${deployment.desktop.metadataFile} on that computer (mcp-remote reads it from there).`);
  }
  if (deployment.desktop.clientInfoFile !== undefined) {
    steps.push(`Copy the client-info file to ${deployment.desktop.clientInfoFile} on that computer (mcp-remote reads it from there).`);
  }
  const client = staticClientSettings(deployment);
  const upload = 'Admin UI: Changes → Upload; or copy it into $IDSVR_HOME/etc/init';
  if (deployment.desktop.registration === 'static') {
    steps.push(`Load ${file(STATIC_CLIENT_FILE)} into Curity (${upload}): it registers "${client.clientId}", the public client every Claude Desktop of this deployment uses.`);
  } else {
    steps.push(`If you use a static Curity client (such as one for the Claude web connector), load ${file(STATIC_CLIENT_FILE)} into Curity (${upload}).`);
  }
  if (deployment.desktop.registration === 'cimd') {
    steps.push(
      `Publish ${file(CIMD_DOCUMENT_FILE)} at ${deployment.desktop.clientMetadataUrl} (HTTPS, status 200, no redirect, Content-Type application/json).`,
      `Load ${file(EPHEMERAL_CLIENT_FILE)} into Curity (${upload}) to enable ephemeral clients.`,
    );
  }
  steps.push(
    'Quit Claude Desktop fully (menu bar or system tray → Quit; closing the window is not enough) and start it again.',
    'If you change the client name or scope later, delete ~/.mcp-auth so that mcp-remote registers again.',
  );
  return steps;
}
