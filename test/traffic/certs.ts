// Test PKI: a CA, a server cert for localhost/127.0.0.1 and a client cert, as PEM files in a
// 0700 temp dir that dispose() removes. A second, unrelated CA makes "untrusted" certs.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as never);

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY = 24 * 60 * 60 * 1000;

export interface Pem {
  cert: string;
  key: string;
}

export interface TestPki {
  dir: string;
  caPem: string;
  server: Pem;
  client: Pem;
  /** Server cert from a CA nobody trusts. */
  rogueServer: Pem;
  files: { ca: string; clientCert: string; clientKey: string };
  dispose(): Promise<void>;
}

async function keys(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
}

async function keyPem(k: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", k), "PRIVATE KEY");
}

async function selfSignedCa(name: string): Promise<{ cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }> {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + DAY),
    keys: k,
    signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  return { cert, keys: k };
}

async function leaf(ca: { cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }, cn: string, serial: string, server: boolean): Promise<Pem> {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${cn}`,
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + DAY),
    publicKey: k.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.ExtendedKeyUsageExtension([server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      ...(server
        ? [new x509.SubjectAlternativeNameExtension([{ type: "dns", value: "localhost" }, { type: "ip", value: "127.0.0.1" }])]
        : []),
    ],
  });
  return { cert: cert.toString("pem"), key: await keyPem(k.privateKey) };
}

export async function createTestPki(): Promise<TestPki> {
  const ca = await selfSignedCa("meshcheck test CA");
  const rogue = await selfSignedCa("rogue CA");
  const server = await leaf(ca, "localhost", "02", true);
  const client = await leaf(ca, "meshcheck-client", "03", false);
  const rogueServer = await leaf(rogue, "localhost", "04", true);
  const dir = await mkdtemp(join(tmpdir(), "meshcheck-pki-")); // mkdtemp creates it 0700
  const files = { ca: join(dir, "ca.pem"), clientCert: join(dir, "client.pem"), clientKey: join(dir, "client-key.pem") };
  const caPem = ca.cert.toString("pem");
  await writeFile(files.ca, caPem);
  await writeFile(files.clientCert, client.cert);
  await writeFile(files.clientKey, client.key, { mode: 0o600 });
  return { dir, caPem, server, client, rogueServer, files, dispose: () => rm(dir, { recursive: true, force: true }) };
}
