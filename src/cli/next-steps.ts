/** What to do after the files are written (Curity guide and reference §6 item 16). */
import type { Deployment } from '../deployment/model.js';
import { claudeConfigLocation } from '../fsx/claude-paths.js';
import { isThisComputer } from '../deployment/platform.js';

function knownLocation(platform: Deployment['desktop']['platform'], env: NodeJS.ProcessEnv): string | undefined {
  try {
    return claudeConfigLocation(platform, env).file;
  } catch {
    return undefined; // the environment does not say: fall back to the generic description
  }
}

export function nextSteps(deployment: Deployment, configFile: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const platform = deployment.desktop.platform;
  const location = (isThisComputer(platform) && knownLocation(platform, env)) || { darwin: '~/Library/Application Support/Claude/claude_desktop_config.json', linux: '~/.config/Claude/claude_desktop_config.json', win32: '%APPDATA%\\Claude\\claude_desktop_config.json (or, for the Microsoft Store / MSIX app, %LOCALAPPDATA%\\Packages\\Claude_*\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json)' }[platform];
  const steps = [
    isThisComputer(platform)
      ? `Put the "${deployment.desktop.serverName}" entry into Claude Desktop's config (${location}) with "mcpauth install" (add --dry-run to see the change first).`
      : `Merge the "${deployment.desktop.serverName}" entry of ${configFile} into Claude Desktop's config on that computer: ${location} (or run "mcpauth install --entry-from ${configFile}" there).`,
  ];
  if (deployment.desktop.metadataFile !== undefined) {
    steps.push(`Copy the client-metadata file to ${deployment.desktop.metadataFile} on that computer (mcp-remote reads it from there).`);
  }
  steps.push(
    'Quit Claude Desktop fully (menu bar or system tray → Quit; closing the window is not enough) and start it again.',
    'If you change the client name or scope later, delete ~/.mcp-auth so that mcp-remote registers again.',
  );
  return steps;
}
