/**
 * The CA certificate that NODE_EXTRA_CA_CERTS points at. Node only warns when that file is missing
 * or malformed, and the TLS failure shows up later as "self-signed certificate in certificate chain"
 * (reference/claude-desktop-and-mcp-remote.md §1.8), so mcpauth checks it before writing.
 */
import { X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface CertificateFacts {
  subject: string;
  isCa: boolean;
  validTo: Date;
}

export type PemInspection =
  | { ok: true; certificates: CertificateFacts[] }
  | { ok: false; problem: string };

const PEM_BEGIN = '-----BEGIN CERTIFICATE-----';
const PEM_END = '-----END CERTIFICATE-----';

/**
 * The certificate blocks of a PEM text, in one pass (a lazy regular expression would rescan the
 * rest of the text for every BEGIN line, which a file of BEGIN lines makes quadratic).
 */
function pemBlocks(text: string): string[] {
  const blocks: string[] = [];
  let from = 0;
  for (;;) {
    const begin = text.indexOf(PEM_BEGIN, from);
    if (begin === -1) return blocks;
    const end = text.indexOf(PEM_END, begin + PEM_BEGIN.length + 1);
    if (end === -1) return blocks;
    blocks.push(text.slice(begin, end + PEM_END.length));
    from = end + PEM_END.length;
  }
}

/** Reads a PEM file and describes the certificates in it; never throws. */
export async function inspectPemFile(file: string): Promise<PemInspection> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { ok: false, problem: 'is not a file' };
    if (stat.size > 1024 * 1024) return { ok: false, problem: 'is larger than 1 MiB, which is not a CA certificate file' };
    text = await fs.readFile(file, 'latin1');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, problem: 'does not exist' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, problem: 'cannot be read (permission denied)' };
    return { ok: false, problem: `cannot be read (${code ?? 'unknown error'})` };
  }
  return inspectPemText(text);
}

export function inspectPemText(text: string): PemInspection {
  const blocks = pemBlocks(text);
  if (blocks.length === 0) return { ok: false, problem: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' };
  const certificates: CertificateFacts[] = [];
  for (const block of blocks) {
    try {
      const cert = new X509Certificate(block);
      certificates.push({ subject: cert.subject.replace(/\n/g, ', '), isCa: cert.ca, validTo: new Date(cert.validTo) });
    } catch {
      return { ok: false, problem: 'holds a PEM block that is not a valid X.509 certificate' };
    }
  }
  return { ok: true, certificates };
}

/** Extra checks for an interactive answer: the first certificate is a CA and still valid. */
export function caCertificateProblem(inspection: PemInspection, now = new Date()): string | undefined {
  if (!inspection.ok) return inspection.problem;
  const [first] = inspection.certificates;
  if (!first.isCa) return `holds a certificate that is not a CA (${first.subject}); use the CA that signed the server certificate`;
  if (first.validTo.getTime() < now.getTime()) return `holds a CA certificate that expired on ${first.validTo.toISOString().slice(0, 10)}`;
  return undefined;
}

/** Resolves a path on this computer to an absolute path with symbolic links resolved. */
export async function realAbsolutePath(file: string, cwd: string): Promise<string> {
  const absolute = path.resolve(cwd, file);
  try {
    return await fs.realpath(absolute);
  } catch {
    return absolute;
  }
}

/** The Curity example keeps its CA in apigateway/certs/; look for it here and in every parent folder. */
export async function findFileUpwards(relative: string, start: string): Promise<string | undefined> {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, relative);
    try {
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // not here: keep climbing
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
