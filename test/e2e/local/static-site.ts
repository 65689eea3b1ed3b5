/** A loopback HTTPS server with fixed documents: where a Client ID Metadata Document is published. */
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface StaticSite {
  origin: string;
  publish(path: string, body: string): void;
  close(): Promise<void>;
}

export async function startStaticSite(tls: { certPem: string; keyPem: string }): Promise<StaticSite> {
  const documents = new Map<string, string>();
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const body = documents.get(new URL(req.url ?? '/', 'https://localhost').pathname);
    if (body === undefined) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://localhost:${(server.address() as AddressInfo).port}`,
    publish: (path, body) => documents.set(path, body),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
