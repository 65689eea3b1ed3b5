/** Which Claude Desktop config install, uninstall and restore change: --config, or the app's own for --platform. */
import path from 'node:path';
import type { Argv } from 'yargs';
import { PLATFORMS, type Platform } from '../deployment/platform.js';
import { claudeConfigLocation, type ConfigLocation } from '../fsx/claude-paths.js';

export interface ConfigTarget {
  file: string;
  /** The app's own location for the platform (also when --config was given, for the logs); undefined if unknown. */
  location?: ConfigLocation;
  /** Which file and why, for the user. */
  explanation: string[];
}

export function withConfigOption<T>(yargs: Argv<T>): Argv<T> {
  return yargs.option('config', {
    type: 'string',
    requiresArg: true,
    describe: "The Claude Desktop config file to change (default: the app's own for --platform, found from HOME, APPDATA, LOCALAPPDATA or XDG_CONFIG_HOME)",
  }) as Argv<T>;
}

/** For commands without the deployment flags, which bring --platform themselves. */
export function withPlatformOption<T>(yargs: Argv<T>): Argv<T> {
  return yargs.option('platform', {
    type: 'string',
    choices: PLATFORMS as unknown as string[],
    requiresArg: true,
    describe: 'Operating system whose Claude Desktop config location to use (default: this one)',
  }) as Argv<T>;
}

export function resolveConfigTarget(configOption: unknown, platform: Platform, cwd: string, env: NodeJS.ProcessEnv): ConfigTarget {
  if (typeof configOption === 'string') {
    let location: ConfigLocation | undefined;
    try {
      location = claudeConfigLocation(platform, env);
    } catch {
      location = undefined; // only used for the logs hint
    }
    const file = path.resolve(cwd, configOption);
    return { file, location, explanation: [`Claude Desktop config: ${file} (given with --config)`] };
  }
  const location = claudeConfigLocation(platform, env);
  const explanation = [`Claude Desktop config: ${location.file}`, `  chosen because ${location.reason}`];
  for (const other of location.alternatives) explanation.push(`  not chosen: ${other.file} — ${other.why}`);
  return { file: location.file, location, explanation };
}
