/**
 * The user's browser, as far as a sign-in needs one: it trusts the deployment's CA, keeps cookies,
 * follows redirects and submits the page's form with the values the user would type. It stops
 * after the request to mcp-remote's loopback callback and returns what that page said.
 */
import http from 'node:http';
import https from 'node:https';

export interface BrowserVisit {
  method: string;
  url: string;
  status: number;
}

export interface BrowserResult {
  /** Every request made, in order. */
  visits: BrowserVisit[];
  /** The last page's status and text (mcp-remote's "Authorization successful" page). */
  status: number;
  body: string;
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class Browser {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  constructor(private readonly ca: string) {}

  /** Opens `url`, fills every form with `typed` (by field name) and submits it, until a page has no form. */
  async signIn(url: string, typed: Record<string, string>, maxSteps = 20): Promise<BrowserResult> {
    const visits: BrowserVisit[] = [];
    let request: { method: string; url: string; form?: URLSearchParams } = { method: 'GET', url };
    for (let step = 0; step < maxSteps; step++) {
      const response = await this.send(request.method, request.url, request.form);
      visits.push({ method: request.method, url: request.url, status: response.status });
      const location = response.headers.location;
      if (response.status >= 300 && response.status < 400 && location) {
        request = { method: 'GET', url: new URL(location, request.url).href };
        continue;
      }
      const form = parseForm(response.body);
      if (response.status !== 200 || !form) return { visits, status: response.status, body: response.body };
      for (const name of form.fields.keys()) if (typed[name] !== undefined) form.fields.set(name, typed[name]);
      request = { method: 'POST', url: new URL(form.action, request.url).href, form: new URLSearchParams([...form.fields]) };
    }
    throw new Error(`sign-in did not finish in ${maxSteps} steps: ${visits.map((v) => `${v.method} ${v.url} ${v.status}`).join('\n')}`);
  }

  private send(method: string, url: string, form?: URLSearchParams): Promise<Response> {
    const target = new URL(url);
    const body = form?.toString();
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = [...this.cookies.entries()]
      .filter(([, c]) => target.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(target, { method, headers, ...(transport === https ? { ca: this.ca } : {}) }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          this.remember(res.headers['set-cookie'] ?? []);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
        });
      });
      req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${url} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  private remember(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const expired = attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()) || attributes.some((a) => /^max-age=0$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }
}

/** The first POST form of a page: its action and its named fields with their values. */
function parseForm(html: string): { action: string; fields: Map<string, string> } | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form || !/method="post"/i.test(form[1])) return undefined;
  const action = /action="([^"]*)"/i.exec(form[1])?.[1] ?? '';
  const fields = new Map<string, string>();
  for (const input of form[2].matchAll(/<input\b([^>]*)>/gi)) {
    const name = /name="([^"]*)"/i.exec(input[1])?.[1];
    if (name) fields.set(name, /value="([^"]*)"/i.exec(input[1])?.[1] ?? '');
  }
  return { action, fields };
}
