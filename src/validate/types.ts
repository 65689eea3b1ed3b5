/**
 * The vocabulary of `mcpauth validate`: file types, severities and findings.
 * A finding always has a 1-based line and column, so every reporter can point at it.
 */
import type { Platform } from '../deployment/platform.js';

export const JSON_FILE_TYPES = ['desktop-config', 'client-metadata', 'dcr-request', 'dcr-response', 'cimd', 'dcr-policy', 'deployment'] as const;
export type JsonFileType = (typeof JSON_FILE_TYPES)[number];
export const FILE_TYPES = [...JSON_FILE_TYPES, 'curity-xml'] as const;
export type FileType = (typeof FILE_TYPES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** The file as the user named it (relative to the working folder when inside it), or "<stdin>". */
  file: string;
  line: number;
  column: number;
  /**
   * Where in the document: a JSON pointer (RFC 6901) in JSON files, a location path of elements
   * (`/config/profiles/profile[2]/id`) in XML files; "" for the whole document.
   */
  pointer: string;
  /** A short hint on how to repair it. */
  fix?: string;
}

export interface ValidateOptions {
  /** The computer the files are for: path rules follow its conventions. */
  platform: Platform;
  /** Never look at files on disk that a checked file refers to (CA certificate, @file metadata). */
  offline: boolean;
  /** Check every file as this type instead of detecting it. */
  type?: FileType;
  cwd: string;
  /** Reference time for certificate expiry (tests pin it). */
  now?: Date;
  /** Files over this many bytes are not parsed (core/too-large). */
  maxBytes?: number;
  /** Standard input, when "-" is one of the inputs. */
  readStdin?: () => Promise<string>;
}

export interface CheckedFile {
  file: string;
  type?: FileType;
  /** Found by walking a folder or a glob and of no known type: not checked, not an error. */
  skipped?: boolean;
}

export interface Summary {
  files: number;
  skipped: number;
  errors: number;
  warnings: number;
  infos: number;
  /** At least one file could not be read (exit code 3). */
  unreadable: boolean;
}

export interface ValidationResult {
  files: CheckedFile[];
  findings: Finding[];
  summary: Summary;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
