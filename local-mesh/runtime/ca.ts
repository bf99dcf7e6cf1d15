// istiod's certificate role: a local CA (ECDSA P-256) that issues short-lived workload certs
// whose only identity is a SPIFFE URI SAN, as Istio's are. Keys stay in memory for TLS; the
// PEM files exist so a `tls` vantage in the profile can point at them, and live only in a 0700
// temp dir that `dispose()` removes (and the next start removes, when a kill -9 skipped that).
import "reflect-metadata";
import { webcrypto, createHash, X509Certificate as NodeX509 } from "node:crypto";
import { mkdtemp, rm, writeFile, chmod } from "node:fs/promises";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import { keyDirPrefix, removeStaleKeyDirs } from "./stale-key-dirs.js";

x509.cryptoProvider.set(webcrypto as never);

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
/** Istio's default workload cert lifetime is 24 h; a local run needs far less. */
const WORKLOAD_TTL_MS = 60 * 60 * 1000;
const CA_TTL_MS = 24 * 60 * 60 * 1000;
/** Clock-skew allowance, like istiod's backdating of notBefore. */
const BACKDATE_MS = 5 * 60 * 1000;

export interface IssuedCert {
  spiffeId: string;
  certPem: string;
  keyPem: string;
  /** sha256 of the DER certificate, lower-case hex (the XFCC Hash element). */
  sha256: string;
}

export interface CertFiles {
  cert: string;
  key: string;
  ca: string;
}

export interface LocalCa {
  caPem: string;
  /** The 0700 directory holding every key this CA wrote. */
  dir: string;
  issue(spiffeId: string): Promise<IssuedCert>;
  /** Issue and also write cert/key (0600) beside ca.pem, for a tls vantage. */
  issueToFiles(spiffeId: string, basename: string): Promise<IssuedCert & { files: CertFiles }>;
  dispose(): Promise<void>;
}

function toPem(der: ArrayBuffer, label: string): string {
  return x509.PemConverter.encode(der, label);
}

async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
}

export async function createLocalCa(trustDomain: string): Promise<LocalCa> {
  const caKeys = await newKeys();
  const now = Date.now();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `O=${trustDomain}, CN=meshcheck local CA`,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + CA_TTL_MS),
    signingAlgorithm: ALG,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const caPem = caCert.toString("pem");
  await removeStaleKeyDirs();
  const dir = await mkdtemp(keyDirPrefix());
  await chmod(dir, 0o700);
  await writeFile(join(dir, "ca.pem"), caPem, { mode: 0o600 });

  async function issue(spiffeId: string): Promise<IssuedCert> {
    const keys = await newKeys();
    const t = Date.now();
    const cert = await x509.X509CertificateGenerator.create({
      // Empty subject and a critical SAN, exactly like an Istio workload certificate.
      subject: "",
      issuer: caCert.subject,
      notBefore: new Date(t - BACKDATE_MS),
      notAfter: new Date(t + WORKLOAD_TTL_MS),
      signingAlgorithm: ALG,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
          true,
        ),
        new x509.ExtendedKeyUsageExtension(
          [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
          false,
        ),
        new x509.SubjectAlternativeNameExtension([{ type: "url", value: spiffeId }], true),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    });
    const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
    return {
      spiffeId,
      certPem: cert.toString("pem"),
      keyPem: toPem(pkcs8, "PRIVATE KEY"),
      sha256: createHash("sha256").update(new Uint8Array(cert.rawData)).digest("hex"),
    };
  }

  let disposed = false;
  return {
    caPem,
    dir,
    issue,
    async issueToFiles(spiffeId, basename) {
      if (!/^[a-z0-9-]+$/.test(basename)) throw new Error(`bad key file name: ${basename}`);
      const issued = await issue(spiffeId);
      const files = { cert: join(dir, `${basename}.crt`), key: join(dir, `${basename}.key`), ca: join(dir, "ca.pem") };
      await writeFile(files.cert, issued.certPem, { mode: 0o600 });
      await writeFile(files.key, issued.keyPem, { mode: 0o600 });
      return { ...issued, files };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The URI SANs of a peer certificate (Node formats them as `URI:...` in subjectaltname). */
export function uriSans(subjectaltname: string | undefined): string[] {
  if (!subjectaltname) return [];
  return subjectaltname
    .split(/,\s*/)
    .filter((s) => s.startsWith("URI:"))
    .map((s) => s.slice(4));
}

/** sha256 hex of a DER certificate, as Envoy puts in XFCC `Hash=`. */
export function certSha256(der: Buffer): string {
  return createHash("sha256").update(der).digest("hex");
}

/** Parse a PEM cert (for tests and diagnostics). */
export function parsePem(pem: string): NodeX509 {
  return new NodeX509(pem);
}
