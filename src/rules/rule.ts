/**
 * The rule model, after ESLint: a rule is metadata plus a check that reports through its context.
 * A rule never prints and never reads the disk by itself (it asks ctx.disk, which the engine
 * allows only for this computer and without --offline).
 */
import type { Node } from 'jsonc-parser';
import type { Platform } from '../deployment/platform.js';
import type { DiskAccess } from '../validate/disk.js';
import type { Anchor, JsonDocument } from '../validate/parse/json.js';
import type { XmlDocument, XmlElement } from '../validate/parse/xml-tree.js';
import type { FileType, Severity } from '../validate/types.js';
import type { RemoteEntryFacts } from './run-facts.js';

/** A parsed file: JSON (every type but curity-xml) or XML (curity-xml). `kind` tells them apart. */
export type ParsedDocument = JsonDocument | XmlDocument;

export interface RuleOptions {
  platform: Platform;
  /** True only when the target is this computer and --offline was not given. */
  checkFiles: boolean;
  now: Date;
}

export interface ReportExtra {
  /** Overrides the rule's default severity for this finding (rules with E/W variants). */
  severity?: Severity;
  fix?: string;
  /**
   * Point at the key that holds the value, or at the value itself (default: see offsetFor). In XML,
   * "value" is the element's text and anything else its start tag.
   */
  anchor?: Anchor;
}

/** A pointer into a JSON document or a node of its tree; an element of an XML document. */
export type Target = string | Node | XmlElement;

/** What a rule sees of one file. Most rules read JSON, hence the default. */
export interface RuleContext<D extends ParsedDocument = JsonDocument> {
  readonly file: string;
  readonly type: FileType;
  readonly doc: D;
  readonly options: RuleOptions;
  readonly disk: DiskAccess;
  report(target: Target, message: string, extra?: ReportExtra): void;
}

/**
 * A document checked in this run, for rules that compare files (curity/ references, cross/).
 * A desktop config is kept as its text and the facts of its mcp-remote entries (`remoteEntries`);
 * its `doc.value` is then not kept.
 */
export interface RunDocument {
  readonly file: string;
  readonly type: FileType;
  readonly doc: ParsedDocument;
  readonly remoteEntries?: readonly RemoteEntryFacts[];
}

export interface RunContext {
  readonly documents: readonly RunDocument[];
  readonly options: RuleOptions;
  readonly disk: DiskAccess;
  report(document: RunDocument, target: Target, message: string, extra?: ReportExtra): void;
}

export interface Rule<D extends ParsedDocument = JsonDocument> {
  /** Stable, kebab-case, namespaced by family: `mcp-remote/https-required`. Never renamed. */
  id: string;
  severity: Severity;
  /** File types the rule looks at; empty for engine rules that apply to any file. */
  appliesTo: readonly FileType[];
  /** One sentence: what the rule wants. Shown in SARIF and `docs/rules.md`. */
  description: string;
  /**
   * Where findings come from when there is no `check`: "schema" — errors of the file type's JSON
   * Schema attributed to this rule; "engine" — reading, parsing and type detection.
   */
  source?: 'schema' | 'engine';
  check?(ctx: RuleContext<D>): void | Promise<void>;
  /** For rules that compare the files of one run; called once, after every file's own rules. */
  checkRun?(ctx: RunContext): void | Promise<void>;
}

/** A rule of any family, as the registry and the engine hold them. */
export type AnyRule = Rule<ParsedDocument>;
