/**
 * The validation engine: read → detect → parse (with positions) → JSON Schema → rules → findings.
 * It knows no rule by heart: rules come from the registry, schema errors are attributed by
 * schema-rules.ts, and documents embedded in a file (static client metadata in a desktop config)
 * are checked as their own type with findings placed on the host file's argument.
 * JSON files go through the JSON parser and their schema; Curity XML through the XML parser
 * (loaded only when a run has an XML file) and has no schema, only rules.
 * Rules that compare several files (`checkRun`) run once at the end, over every parsed document.
 */
import type { Node } from 'jsonc-parser';
import { isThisComputer } from '../deployment/platform.js';
import { readFileBoundedOrThrowSync, type BoundedRead } from '../fsx/bounded-read.js';
import { DEFAULT_TIME_BUDGET_MS, formatSize, formatSizeOver } from '../json/limits.js';
import { desktopEntries } from '../rules/desktop-entries.js';
import { fileRulesFor, ruleById, runRules } from '../rules/registry.js';
import { remoteEntryFacts } from '../rules/run-facts.js';
import type { AnyRule, ParsedDocument, ReportExtra, RuleContext, RuleOptions, RunDocument, Target } from '../rules/rule.js';
import { readStaticJson, staticJsonArgs } from '../rules/static-metadata.js';
import { credentialValues, hideValues, xmlCredentialValues } from '../secrets/credentials.js';
import { detectType, detectXmlType, looksLikeXml } from './detect.js';
import { createDiskAccess, type DiskAccess } from './disk.js';
import type { Input } from './inputs.js';
import { LineIndex, offsetFor, offsetOfNode, keptForRun, parseJsonDocument, pointerOf, type Anchor, type JsonDocument } from './parse/json.js';
import { attributeSchemaProblem } from './schema-rules.js';
import { schemaProblems } from './schemas.js';
import { allElements, type XmlDocument, type XmlElement } from './parse/xml-tree.js';
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
  // Built at the first finding: most files have none.
  let lines: LineIndex | undefined;
  return {
    prefix: '',
    place(target, anchor) {
      const offset = typeof target === 'string' ? offsetFor(doc, target, anchor) : offsetOfNode(target as Node, anchor);
      const pointer = typeof target === 'string' ? target : pointerOf(target as Node);
      lines ??= new LineIndex(doc.text);
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

type Place = { line: number; column: number; pointer: string };

/**
 * At most this many findings of one rule in one file are listed; the rest are counted. A file with
 * 100,000 bad keys says so in one line instead of 100,000, and placing each finding (a walk of the
 * tree) cannot make a hostile file quadratic.
 */
export const MAX_FINDINGS_PER_RULE = 100;

class Collector {
  readonly findings: Finding[] = [];
  private readonly counts = new Map<string, { rule: AnyRule; file: string; count: number; told: number; last?: Place }>();
  private readonly secrets = new Map<string, string[]>();

  /** Credentials `file` holds: no finding about it shows them, whatever a rule quotes. */
  hide(file: string, values: string[]): void {
    if (values.length > 0) this.secrets.set(file, [...(this.secrets.get(file) ?? []), ...values]);
  }

  /** `place` is computed only for findings that are listed. */
  add(rule: AnyRule, file: string, place: Place | (() => Place), message: string, extra: ReportExtra = {}): void {
    const key = `${file}\u0000${rule.id}`;
    const seen = this.counts.get(key) ?? { rule, file, count: 0, told: 0 };
    this.counts.set(key, seen);
    if (++seen.count > MAX_FINDINGS_PER_RULE) return;
    const secrets = this.secrets.get(file) ?? [];
    seen.last = typeof place === 'function' ? place() : place;
    const finding: Finding = { ruleId: rule.id, severity: extra.severity ?? rule.severity, message: hideValues(message, secrets), file, ...seen.last };
    if (extra.fix) finding.fix = hideValues(extra.fix, secrets);
    this.findings.push(finding);
  }

  /** One finding per rule whose findings were not all listed, after the last one listed, saying how many were left out. */
  addOverflow(): void {
    for (const entry of this.counts.values()) {
      if (entry.count <= Math.max(MAX_FINDINGS_PER_RULE, entry.told)) continue;
      const more = entry.count - MAX_FINDINGS_PER_RULE;
      entry.told = entry.count;
      const message = `and ${more} more finding${more === 1 ? '' : 's'} of this rule in this file (only the first ${MAX_FINDINGS_PER_RULE} are listed)`;
      this.findings.push({ ruleId: entry.rule.id, severity: entry.rule.severity, message, file: entry.file, ...(entry.last ?? { line: 1, column: 1, pointer: '' }) });
    }
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

  for (const input of inputs) files.push(await checkInput(input, options, ruleOptions, disk, collector, documents));

  for (const rule of runRules()) {
    try {
      await rule.checkRun!({
        documents,
        options: ruleOptions,
        disk,
        report: (document, target, message, extra) => {
          const locator = documents.find((d) => d === document)?.locator ?? documentLocator(document.doc);
          collector.add(rule, document.file, () => locator.place(target, extra?.anchor), message, extra);
        },
      });
    } catch (error) {
      collector.addAtStart('core/rule-failed', documents[0]?.file ?? '', `rule ${rule.id} failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  collector.addOverflow();

  // Each file's findings together, in the order of the inputs and then of their place, whichever rule (file or run) made them.
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


async function readInput(input: Input, options: ValidateOptions, collector: Collector): Promise<string | undefined> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const judge = (read: BoundedRead): string | undefined => {
    if (read.ok) return read.bytes.toString('utf8');
    if (read.tooLarge) {
      const size = read.exact ? `has ${formatSizeOver(read.size, maxBytes)}` : `goes on past ${formatSize(maxBytes)}`;
      collector.addAtStart('core/too-large', input.display, `the file ${size}, over the ${formatSize(maxBytes)} limit (--max-file-size); it was not read`);
    } else collector.addAtStart('core/unreadable', input.display, `${input.display} is ${read.folder ? 'a folder' : 'not a regular file'}`);
    return undefined;
  };
  if (input.kind === 'unreadable') {
    collector.addAtStart('core/unreadable', input.display, `${input.display} ${input.problem}`);
    return undefined;
  }
  if (input.kind === 'stdin') {
    const read = options.readStdin ? await options.readStdin(maxBytes) : '';
    if (typeof read !== 'string') return judge(read);
    const bytes = Buffer.from(read);
    return judge(bytes.length > maxBytes ? { ok: false, tooLarge: true, size: bytes.length, exact: true } : { ok: true, bytes });
  }
  try {
    // Synchronous on purpose: files are read one after another (see readFileBoundedOrThrowSync).
    return judge(readFileBoundedOrThrowSync(input.path, maxBytes));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? (error as Error).message})`;
    collector.addAtStart('core/unreadable', input.display, `${input.display} ${why}`);
    return undefined;
  }
}

/**
 * The time one file may take. JavaScript cannot stop a step midway, so the budget is looked at
 * between steps (parsing, the schema, each rule); the size, depth and element limits keep every
 * single step short, so a file that is slow to check ends soon after its budget, with one
 * core/time-budget finding.
 */
class TimeBudget {
  private readonly started = Date.now();
  over = false;

  constructor(
    private readonly ms: number,
    private readonly file: string,
    private readonly collector: Collector,
  ) {}

  /** True (and reported, once) when the budget is used up; `after` names the step just done (built only then). */
  spent(after: string | (() => string)): boolean {
    if (this.over) return true;
    if (Date.now() - this.started < this.ms) return false;
    this.over = true;
    this.collector.addAtStart(
      'core/time-budget',
      this.file,
      `checking this file took longer than ${this.ms} ms (mcpauth's time budget per file); it stopped after ${typeof after === 'string' ? after : after()}, so the checks after that did not run`,
    );
    return true;
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
  const budget = new TimeBudget(options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS, file, collector);
  const text = await readInput(input, options, collector);
  if (text === undefined) return { file };
  const explicit = input.kind !== 'file' || input.explicit;

  if (options.type === 'curity-xml' || (!options.type && looksLikeXml(text))) {
    const type = options.type ?? detectXmlType(text);
    if (type === 'curity-xml') return checkXmlInput(text, file, ruleOptions, disk, collector, documents, budget);
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
  if (!parsed.ok && parsed.limit === 'depth') {
    collector.add(ruleById('core/too-deep'), file, { ...new LineIndex(text).position(parsed.offset), pointer: '' }, parsed.message);
    return { file, type: options.type };
  }
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

  if (budget.spent('reading and parsing')) return { file, type };
  collector.hide(file, credentialValues(parsed.doc.value));
  const locator = jsonLocator(parsed.doc);
  await checkDocument(parsed.doc, type as JsonFileType, file, locator, ruleOptions, disk, collector, budget);
  if (type === 'desktop-config' && !budget.over) await checkEmbeddedMetadata(parsed.doc, file, locator, ruleOptions, disk, collector, budget);
  // A file cut short is left out of the checks across files: they would judge it half-read.
  // The rest are kept small (see keptForRun and remoteEntryFacts): memory must not grow with every file's objects.
  if (!budget.over) {
    const desktop = type === 'desktop-config';
    const kept = keptForRun(parsed.doc, !desktop);
    documents.push({ file, type, doc: kept, locator: jsonLocator(kept), remoteEntries: desktop ? remoteEntryFacts(parsed.doc) : undefined });
  }
  return { file, type };
}

async function checkXmlInput(
  text: string,
  file: string,
  options: RuleOptions,
  disk: DiskAccess,
  collector: Collector,
  documents: Array<RunDocument & { locator: Locator }>,
  budget: TimeBudget,
): Promise<CheckedFile> {
  const type = 'curity-xml';
  // The XML parser loads only for runs that have an XML file.
  const { parseXmlDocument } = await import('./parse/xml.js');
  const parsed = parseXmlDocument(text);
  if (!parsed.ok) {
    const raw = 'line' in parsed ? { line: parsed.line, column: parsed.column } : new LineIndex(text).position(parsed.offset);
    // Some parser errors (an empty file) come without a place: findings are always at 1:1 or later.
    const at = { line: Math.max(1, raw.line || 1), column: Math.max(1, raw.column || 1) };
    const refused = 'refused' in parsed && parsed.refused;
    collector.add(ruleById('curity/xml-syntax'), file, { ...at, pointer: '' }, refused ? parsed.message : `${parsed.message}: Curity cannot load the file`);
    return { file, type };
  }
  if (budget.spent('reading and parsing')) return { file, type };
  collector.hide(file, xmlCredentialValues([...allElements(parsed.doc.root)]));
  const locator = xmlLocator(parsed.doc);
  await runFileRules(parsed.doc, type, file, locator, options, disk, collector, budget, 'parsing');
  if (!budget.over) documents.push({ file, type, doc: parsed.doc, locator });
  return { file, type };
}

async function checkDocument(
  doc: JsonDocument,
  type: JsonFileType,
  file: string,
  locator: Locator,
  options: RuleOptions,
  disk: DiskAccess,
  collector: Collector,
  budget: TimeBudget,
): Promise<void> {
  let problems: ReturnType<typeof schemaProblems> = [];
  try {
    problems = schemaProblems(type, doc.value);
  } catch (error) {
    collector.addAtStart('core/rule-failed', file, `the ${type} schema could not be checked: ${(error as Error)?.message ?? String(error)}; please report this`);
  }
  for (const problem of problems) {
    const attribution = attributeSchemaProblem(type, problem, doc.value);
    if (!attribution) continue;
    collector.add(ruleById(attribution.ruleId), file, () => locator.place(problem.pointer, problem.anchor), locator.prefix + (attribution.message ?? problem.message));
  }
  await runFileRules(doc, type, file, locator, options, disk, collector, budget, `the ${type} schema`);
}

async function runFileRules(
  doc: ParsedDocument,
  type: FileType,
  file: string,
  locator: Locator,
  options: RuleOptions,
  disk: DiskAccess,
  collector: Collector,
  budget: TimeBudget,
  before: string,
): Promise<void> {
  let previous: AnyRule | undefined;
  const step = () => (previous ? `rule ${previous.id}` : before);
  for (const rule of fileRulesFor(type)) {
    if (budget.spent(step)) return;
    previous = rule;
    const ctx: RuleContext<ParsedDocument> = {
      file,
      type,
      doc,
      options,
      disk,
      report: (target, message, extra) => collector.add(rule, file, () => locator.place(target, extra?.anchor), locator.prefix + message, extra),
    };
    try {
      // Most rules are synchronous: a promise round trip for each, on every file, adds up.
      const pending = rule.check!(ctx);
      if (pending) await pending;
    } catch (error) {
      collector.addAtStart('core/rule-failed', file, `rule ${rule.id} failed on this file: ${(error as Error)?.message ?? String(error)}; please report this`);
    }
  }
  budget.spent(step);
}

/** The static client metadata a desktop entry passes to mcp-remote, checked as `client-metadata`. */
async function checkEmbeddedMetadata(doc: JsonDocument, file: string, host: Locator, options: RuleOptions, disk: DiskAccess, collector: Collector, budget: TimeBudget): Promise<void> {
  for (const entry of desktopEntries(doc)) {
    for (const { flag, arg, first } of staticJsonArgs(entry)) {
      if (flag !== '--static-oauth-client-metadata' || !first) continue;
      if (budget.over) return;
      const metadata = await readStaticJson(arg.value, options, disk);
      if (metadata.status !== 'ok') continue; // mcp-remote/metadata-json reports it
      collector.hide(file, credentialValues(metadata.doc.value));
      // Placed only when there is a finding: finding the argument in the tree walks the config.
      let at: Place | undefined;
      const source = metadata.form === 'file' ? ` (${metadata.path})` : '';
      const locator: Locator = { prefix: `static client metadata of "${entry.name}"${source}: `, place: () => (at ??= host.place(arg.pointer, 'value')) };
      await checkDocument(metadata.doc, 'client-metadata', file, locator, options, disk, collector, budget);
    }
  }
}
