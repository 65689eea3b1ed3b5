/**
 * How the desktop client gets its client id (desktop.registration) and the loopback callback that
 * mcp-remote listens on. Facts from mcp-remote 0.15.1 (reference/claude-desktop-and-mcp-remote.md §7):
 * the callback is http://<host>:<port>/oauth/callback, the host is 127.0.0.1 on Windows and
 * localhost elsewhere, and a port given right after the URL is used as it is (never a fallback).
 */
import type { DesktopSettings } from './model.js';
import type { Platform } from './platform.js';

/** Declared here, away from zod, so that the CLI's option table loads without the model. */
export const REGISTRATION_MODES = ['dcr', 'static', 'cimd'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/**
 * The port pinned for static and cimd registration when none is given. Below every common
 * ephemeral-port range (Linux starts at 32768, macOS and Windows at 49152), outside the range
 * mcp-remote derives its own ports from (3335–49150), and mcp-remote's historical default.
 */
export const DEFAULT_CALLBACK_PORT = 3334;
export const CALLBACK_PATH = '/oauth/callback';

export function callbackHost(platform: Platform): string {
  return platform === 'win32' ? '127.0.0.1' : 'localhost';
}

/** The redirect URI mcp-remote sends for this entry; undefined while the port is not pinned. */
export function loopbackCallbackUri(desktop: Pick<DesktopSettings, 'platform' | 'callbackPort'>): string | undefined {
  if (desktop.callbackPort === undefined) return undefined;
  return `http://${callbackHost(desktop.platform)}:${desktop.callbackPort}${CALLBACK_PATH}`;
}
