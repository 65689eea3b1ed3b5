/** A private CA and leaf certificates made at test time (no openssl binary needed). */
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type CryptoKey = webcrypto.CryptoKey;

// @peculiar/x509 wants the DOM Crypto type; Node's webcrypto is that object.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface Pem {
  certPem: string;
  keyPem: string;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

export interface CaOptions {
  name?: string;
  notBefore?: Date;
  notAfter?: Date;
  isCa?: boolean;
}

export async function makeCa(options: CaOptions = {}): Promise<Pem & { cert: x509.X509Certificate; keys: CryptoKeyPair }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const isCa = options.isCa ?? true;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${options.name ?? 'mcpauth test CA'}`,
    notBefore: options.notBefore ?? new Date(Date.now() - 3600_000),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * 86400_000),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(isCa, undefined, true),
      new x509.KeyUsagesExtension(isCa ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  return { cert, keys, certPem: cert.toString('pem'), keyPem: await exportKey(keys.privateKey) };
}

export async function makeServerCert(ca: { cert: x509.X509Certificate; keys: CryptoKeyPair }, hosts = ['localhost', '127.0.0.1']): Promise<Pem> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=localhost',
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 30 * 86400_000),
    signingKey: ca.keys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map((h) => (/^[\d.]+$/.test(h) ? { type: 'ip', value: h } : { type: 'dns', value: h }))),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKey(keys.privateKey) };
}
