/**
 * The network under doctor: plain Node https with an explicit list of trusted CAs (the public
 * roots, plus the entry's NODE_EXTRA_CA_CERTS when it has one — what mcp-remote itself trusts).
 * Certificate verification is always on. Redirects are reported, never followed.
 */
import http from 'node:http';
import { isIP } from 'node:net';
import https from 'node:https';
import tls from 'node:tls';

export interface Trust {
  /** PEM text of the entry's extra CA, if any. */
  extraCaPem?: string;
  timeoutMs: number;
  /**
   * Origins that did not answer at all (timeout, refused, no such host), with the reason: later
   * requests there fail at once instead of waiting out the timeout again.
   */
  unreachable?: Map<string, string>;
}

const UNREACHABLE_CODES = new Set(['ETIMEDOUT', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function remember(trust: Trust, url: URL, error: Error, reason: string): void {
  if (UNREACHABLE_CODES.has((error as NodeJS.ErrnoException).code ?? '')) trust.unreachable?.set(url.origin, reason);
}

/** `certificate`: the failure is about trusting the certificate (not about reaching the server). */
export type Handshake = { ok: true } | { ok: false; reason: string; certificate: boolean };

export type HttpResult =
  | { ok: true; url: string; status: number; headers: http.IncomingHttpHeaders; text: string }
  | { ok: false; url: string; reason: string; tls: boolean };

const MAX_BODY = 1024 * 1024;

export function trustedCas(extraCaPem?: string): string[] {
  return extraCaPem === undefined ? [...tls.rootCertificates] : [...tls.rootCertificates, extraCaPem];
}

/** A TLS handshake to the URL's host, verifying its certificate and host name. */
export function tlsHandshake(url: URL, trust: Trust): Promise<Handshake> {
  const known = trust.unreachable?.get(url.origin);
  if (known !== undefined) return Promise.resolve({ ok: false, reason: known, certificate: false });
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      // SNI carries host names only, never IP addresses.
      servername: isIP(host) ? undefined : host,
      ca: trustedCas(trust.extraCaPem),
      ALPNProtocols: ['http/1.1'],
    });
    // setTimeout below is an idle timeout: a server that sends a byte now and then would keep it
    // alive for ever, so the whole handshake also has a deadline.
    const deadline = setTimeout(() => failed(timeoutError(trust)), trust.timeoutMs);
    const done = (result: Handshake) => {
      clearTimeout(deadline);
      socket.destroy();
      resolve(result);
    };
    const failed = (error: Error) => {
      const reason = describeNetworkError(error);
      remember(trust, url, error, reason);
      done({ ok: false, reason, certificate: isTlsError(error) });
    };
    socket.setTimeout(trust.timeoutMs, () => failed(timeoutError(trust)));
    socket.once('secureConnect', () => done({ ok: true }));
    socket.once('error', failed);
  });
}

export function httpRequest(
  url: string,
  trust: Trust,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  const target = new URL(url);
  const known = trust.unreachable?.get(target.origin);
  if (known !== undefined) return Promise.resolve({ ok: false, url, reason: known, tls: false });
  const transport = target.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { 'user-agent': 'mcpauth-doctor', ...options.headers };
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  return new Promise((resolve) => {
    const req = transport.request(
      target,
      { method: options.method ?? 'GET', headers, agent: false, ...(transport === https ? { ca: trustedCas(trust.extraCaPem) } : {}) },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length > MAX_BODY) req.destroy(new Error('the response is larger than 1 MiB'));
        });
        res.on('end', () => resolve({ ok: true, url, status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', (error) => resolve({ ok: false, url, reason: describeNetworkError(error), tls: false }));
      },
    );
    req.setTimeout(trust.timeoutMs, () => req.destroy(timeoutError(trust)));
    // The idle timeout above restarts with every byte: the whole exchange has a deadline too.
    const deadline = setTimeout(() => req.destroy(timeoutError(trust)), 2 * trust.timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', (error) => {
      const reason = describeNetworkError(error);
      remember(trust, target, error, reason);
      resolve({ ok: false, url, reason, tls: isTlsError(error) });
    });
    req.end(options.body);
  });
}

/** GET a JSON document: the parsed object, or why there is none. */
export async function getJson(url: string, trust: Trust): Promise<{ ok: true; status: number; json: Record<string, unknown> } | { ok: false; reason: string; status?: number }> {
  const res = await httpRequest(url, trust, { headers: { accept: 'application/json' } });
  if (!res.ok) return { ok: false, reason: res.reason };
  if (res.status >= 300 && res.status < 400) return { ok: false, status: res.status, reason: `HTTP ${res.status} redirect to ${res.headers.location ?? '(no location)'}` };
  if (res.status !== 200) return { ok: false, status: res.status, reason: `HTTP ${res.status}` };
  try {
    const json = JSON.parse(res.text) as unknown;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, status: 200, reason: 'HTTP 200 but the body is not a JSON object' };
    return { ok: true, status: 200, json: json as Record<string, unknown> };
  } catch {
    return { ok: false, status: 200, reason: `HTTP 200 but the body is not JSON (${String(res.headers['content-type'] ?? 'no content type')})` };
  }
}

function timeoutError(trust: Trust): Error {
  return Object.assign(new Error(`no answer within ${trust.timeoutMs / 1000} s`), { code: 'ETIMEDOUT' });
}

const TLS_CODES: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain: the CA that signed it is not trusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate: the CA that signed it is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate: the CA that signed it is not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get the issuer certificate',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not for this host name',
};

function isTlsError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return code in TLS_CODES || /^ERR_SSL_|^ERR_TLS_/.test(code) || /certificate|ssl|tls/i.test(error.message);
}

export function describeNetworkError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code in TLS_CODES) return `${TLS_CODES[code]} (${code})`;
  if (code === 'ECONNREFUSED') return 'connection refused: nothing listens there';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name does not resolve (${code})`;
  if (code === 'ECONNRESET') return 'the connection was reset';
  if (code === 'ETIMEDOUT') return error.message;
  return code ? `${error.message} (${code})` : error.message;
}
