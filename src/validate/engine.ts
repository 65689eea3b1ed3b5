/**
 * The validation engine: read → detect → parse (with positions) → JSON Schema → rules → findings.
 * It knows no rule by heart: rules come from the registry, schema errors are attributed by
 * schema-rules.ts, and documents embedded in a file (static client metadata in a desktop config)
 * are checked as their own type with findings placed on the host file's argument.
 * JSON files go through the JSON parser and their schema; Curity XML through the XML parser
 * (loaded only when a run has an XML file) and has no schema, only rules.
 * Rules that compare several files (`checkRun`) run once at the end, over every parsed document.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Node } from 'jsonc-parser';
import { isThisComputer } from '../deployment/platform.js';
import { desktopEntries } from '../rules/desktop-entries.js';
import { fileRulesFor, ruleById, runRules } from '../rules/registry.js';
import type { AnyRule, ParsedDocument, ReportExtra, RuleContext, RuleOptions, RunDocument, Target } from '../rules/rule.js';
import { readStaticJson, staticJsonArgs } from '../rules/static-metadata.js';
import { detectType, detectXmlType, looksLikeXml } from './detect.js';
import { createDiskAccess, type DiskAccess } from './disk.js';
import type { Input } from './inputs.js';
import { LineIndex, offsetFor, offsetOfNode, parseJsonDocument, pointerOf, type Anchor, type JsonDocument } from './parse/json.js';
import { attributeSchemaProblem } from './schema-rules.js';
import { schemaProblems } from './schemas.js';
import type { XmlDocument, XmlElement } from './parse/xml-tree.js';
import { DEFAULT_MAX_BYTES, FILE_TYPES, type CheckedFile, type FileType, type Finding, type JsonFileType, type Severity, type ValidateOptions, type ValidationResult } from './types.js';

/** Turns a rule's target into a place in the file the user named. */
interface Locator {
  place(target: Target, anchor: Anchor | undefined): { line: number; column: number; pointer: string };
  /** Prepended to messages (for embedded documents: which argument they come from). */
  prefix: string;
}

function isXmlElement(target: Target): target is XmlElement {
  return typeof target === 'object' && (target as XmlElement).kind === 'element';
}

function documentLocator(doc: ParsedDocument): Locator {
  return doc.kind === 'xml' ? xmlLocator(doc) : jsonLocator(doc);
}

function jsonLocator(doc: JsonDocument): Locator {
  const lines = new LineIndex(doc.text);
  return {
    prefix: '',
    place(target, anchor) {
      const offset = typeof target === 'string' ? offsetFor(doc, target, anchor) : offsetOfNode(target as Node, anchor);
      const pointer = typeof target === 'string' ? target : pointerOf(target as Node);
      return { ...lines.position(offset), pointer };
    },
  };
}

/** Elements are placed at their start tag, or at their text when the anchor is "value"; "" is the file's start. */
function xmlLocator(doc: XmlDocument): Locator {
  const lines = new LineIndex(doc.text);
  return {
    prefix: '',
    place(target, anchor) {
      if (!isXmlElement(target)) return { line: 1, column: 1, pointer: '' };
      return { ...lines.position(anchor === 'value' ? target.textOffset : target.offset), pointer: target.path };
    },
  };
}

class Collector {
  readonly findings: Finding[] = [];

  add(rule: AnyRule, file: string, place: { line: number; column: number; pointer: string }, message: string, extra: ReportExtra = {}): void {
    const finding: Finding = { ruleId: rule.id, severity: extra.severity ?? rule.severity, message, file, ...place };
    if (extra.fix) finding.fix = extra.fix;
    this.findings.push(finding);
  }

  /** A finding about the whole file, at its first character. */
  addAtStart(ruleId: string, file: string, message: string, fix?: string, severity?: Severity): void {
    this.add(ruleById(ruleId), file, { line: 1, column: 1, pointer: '' }, message, { fix, severity });
  }
}

export async function runValidation(inputs: readonly Input[], options: ValidateOptions): Promise<ValidationResult> {
  const ruleOptions: RuleOptions = {
    platform: options.platform,
    checkFiles: isThisComputer(options.platform) && !options.offline,
    now: options.now ?? new Date(),
  };
  const disk = createDiskAccess();
  const collector = new Collector();
  const files: CheckedFile[] = [];
  const documents: Array<RunDocument & { locator: Locator }> = [];

  for (const input of inputs) {
    const before = collector.findings.length;
    const checked = await checkInput(input, options, ruleOptions, disk, collector, documents);
    files.push(checked);
    sortFrom(collector.findings, before);
  }

  for (const rule of runRules()) {
    const before = collector.findings.length;
    try {
      await rule.checkRun!({
        documents,
        options: ruleOptions,
        disk,
        report: (document, target, message, extra) => {
          const locator = documents.find((d) => d === document)?.locator ?? documentLocator(document.doc);
          collector.add(rule, document.file, locator.place(target, extra?.anchor), message, extra);
        },
      });
    } catch (error) {
      collector.addAtStart('core/rule-failed', documents[0]?.file ?? '', `rule ${rule.id} failed: ${(error as Error)?.message ?? String(error)}`);
    }
    sortFrom(collector.findings, before);
  }

  // Each file's findings together, in the order of the inputs, whichever rule (file or run) made them.
  const order = new Map(files.map((f, i) => [f.file, i]));
  const findings = collector.findings
    .map((finding, i) => ({ finding, i }))
    .sort((a, b) => (order.get(a.finding.file) ?? files.length) - (order.get(b.finding.file) ?? files.length) || a.finding.line - b.finding.line || a.finding.column - b.finding.column || a.i - b.i)
    .map(({ finding }) => finding);
  return {
    files,
    findings,
    summary: {
      files: files.filter((f) => !f.skipped).length,
      skipped: files.filter((f) => f.skipped).length,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      infos: findings.filter((f) => f.severity === 'info').length,
      unreadable: findings.some((f) => f.ruleId === 'core/unreadable'),
    },
  };
}

function sortFrom(findings: Finding[], start: number): void {
  const tail = findings.splice(start).sort((a, b) => a.line - b.line || a.column - b.column);
  findings.push(...tail);
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / 1048576).toFixed(1).replace(/\.0$/, '')} MiB`;
}

async function readInput(input: Input, options: ValidateOptions, collector: Collector): Promise<string | undefined> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const tooLarge = (size: number) =>
    collector.addAtStart('core/too-large', input.display, `the file has ${formatSize(size)}, over the ${formatSize(maxBytes)} limit; it was not checked`);
  if (input.kind === 'unreadable') {
    collector.addAtStart('core/unreadable', input.display, `${input.display} ${input.problem}`);
    return undefined;
  }
  if (input.kind === 'stdin') {
    const text = options.readStdin ? await options.readStdin() : '';
    if (Buffer.byteLength(text) > maxBytes) return void tooLarge(Buffer.byteLength(text));
    return text;
  }
  try {
    // Synchronous on purpose: files are read one after another, and for thousands of small files
    // a promise round trip through the thread pool per call costs more than the read itself.
    const stat = statSync(input.path);
    if (stat.size > maxBytes) return void tooLarge(stat.size);
    return readFileSync(input.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? (error as Error).message})`;
    collector.addAtStart('core/unreadable', input.display, `${input.display} ${why}`);
    return undefined;
  }
}

async function checkInput(
  input: Input,
  options: ValidateOptions,
  ruleOptions: RuleOptions,
  disk: DiskAccess,
  collector: Collector,
  documents: Array<RunDocument & { locator: Locator }>,
): Promise<CheckedFile> {
  const file = input.display;
  const text = await readInput(input, options, collector);
  if (text === undefined) return { file };
  const explicit = input.kind !== 'file' || input.explicit;

  if (options.type === 'curity-xml' || (!options.type && looksLikeXml(text))) {
    const type = options.type ?? detectXmlType(text);
    if (type === 'curity-xml') return checkXmlInput(text, file, ruleOptions, disk, collector, documents);
    if (!explicit) return { file, skipped: true };
    collector.addAtStart(
      'core/unknown-type',
      file,
      'this is XML, but not a Curity configuration (whose root element is <config xmlns="http://tail-f.com/ns/config/1.0">)',
      'Name the type with --type curity-xml if it is one.',
    );
    return { file };
  }
  const parsed = parseJsonDocument(text);
  const type = options.type ?? detectType(file, parsed.ok ? parsed.doc.value : parsed.lenientValue);
  if (!type) {
    if (!explicit) return { file, skipped: true };
    collector.addAtStart(
      'core/unknown-type',
      file,
      parsed.ok ? 'not a file type mcpauth knows (no mcpServers, kind, client_id or redirect_uris)' : `not valid JSON (${parsed.message}), and of no type mcpauth recognises`,
      `Name the type with --type (${FILE_TYPES.join(', ')}).`,
    );
    return { file };
  }
  if (!parsed.ok) {
    const place = { ...new LineIndex(text).position(parsed.offset), pointer: '' };
    const consumer = type === 'desktop-config' ? 'Claude Desktop cannot read the file' : 'not valid JSON';
    collector.add(ruleById(type === 'desktop-config' ? 'desktop/json-syntax' : 'core/json-syntax'), file, place, `${parsed.message}: ${consumer}`, {
      fix: type === 'desktop-config' ? 'Remove comments and trailing commas; keep a single top-level { … }.' : undefined,
    });
    return { file, type };
  }

  const locator = jsonLocator(parsed.doc);
  await checkDocument(parsed.doc, type as JsonFileType, file, locator, ruleOptions, disk, collector);
  if (type === 'desktop-config') await checkEmbeddedMetadata(parsed.doc, file, locator, ruleOptions, disk, collector);
  documents.push({ file, type, doc: parsed.doc, locator });
  return { file, type };
}

async function checkXmlInput(
  text: string,
  file: string,
  options: RuleOptions,
  disk: DiskAccess,
  collector: Collector,
  documents: Array<RunDocument & { locator: Locator }>,
): Promise<CheckedFile> {
  const type = 'curity-xml';
  // The XML parser loads only for runs that have an XML file.
  const { parseXmlDocument } = await import('./parse/xml.js');
  const parsed = parseXmlDocument(text);
  if (!parsed.ok) {
    const at = 'line' in parsed ? { line: parsed.line, column: parsed.column } : new LineIndex(text).position(parsed.offset);
    const refused = 'refused' in parsed && parsed.refused;
    collector.add(ruleById('curity/xml-syntax'), file, { ...at, pointer: '' }, refused ? parsed.message : `${parsed.message}: Curity cannot load the file`);
    return { file, type };
  }
  const locator = xmlLocator(parsed.doc);
  await runFileRules(parsed.doc, type, file, locator, options, disk, collector);
  documents.push({ file, type, doc: parsed.doc, locator });
  return { file, type };
}

async function checkDocument(doc: JsonDocument, type: JsonFileType, file: string, locator: Locator, options: RuleOptions, disk: DiskAccess, collector: Collector): Promise<void> {
  let problems: ReturnType<typeof schemaProblems> = [];
  try {
    problems = schemaProblems(type, doc.value);
  } catch (error) {
    collector.addAtStart('core/rule-failed', file, `the ${type} schema could not be checked: ${(error as Error)?.message ?? String(error)}; please report this`);
  }
  for (const problem of problems) {
    const attribution = attributeSchemaProblem(type, problem, doc.value);
    if (!attribution) continue;
    collector.add(ruleById(attribution.ruleId), file, locator.place(problem.pointer, problem.anchor), locator.prefix + (attribution.message ?? problem.message));
  }
  await runFileRules(doc, type, file, locator, options, disk, collector);
}

async function runFileRules(doc: ParsedDocument, type: FileType, file: string, locator: Locator, options: RuleOptions, disk: DiskAccess, collector: Collector): Promise<void> {
  for (const rule of fileRulesFor(type)) {
    const ctx: RuleContext<ParsedDocument> = {
      file,
      type,
      doc,
      options,
      disk,
      report: (target, message, extra) => collector.add(rule, file, locator.place(target, extra?.anchor), locator.prefix + message, extra),
    };
    try {
      await rule.check!(ctx);
    } catch (error) {
      collector.addAtStart('core/rule-failed', file, `rule ${rule.id} failed on this file: ${(error as Error)?.message ?? String(error)}; please report this`);
    }
  }
}

/** The static client metadata a desktop entry passes to mcp-remote, checked as `client-metadata`. */
async function checkEmbeddedMetadata(doc: JsonDocument, file: string, host: Locator, options: RuleOptions, disk: DiskAccess, collector: Collector): Promise<void> {
  for (const entry of desktopEntries(doc)) {
    for (const { flag, arg, first } of staticJsonArgs(entry)) {
      if (flag !== '--static-oauth-client-metadata' || !first) continue;
      const metadata = await readStaticJson(arg.value, options, disk);
      if (metadata.status !== 'ok') continue; // mcp-remote/metadata-json reports it
      const at = host.place(arg.pointer, 'value');
      const source = metadata.form === 'file' ? ` (${metadata.path})` : '';
      const locator: Locator = { prefix: `static client metadata of "${entry.name}"${source}: `, place: () => at };
      await checkDocument(metadata.doc, 'client-metadata', file, locator, options, disk, collector);
    }
  }
}
