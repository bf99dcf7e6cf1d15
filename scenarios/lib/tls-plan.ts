// `tls` vantages in k6: the client certificate goes in k6's `tlsAuth` option, which is one
// setting for the whole run: Go presents the first configured certificate the server accepts on
// every TLS connection that asks for one (the `domains` field does not choose on the client).
// So a run may send from one tls vantage, and from no other vantage over https, or a request
// meant to be anonymous would carry the certificate. k6 verifies servers against the system's
// roots only, which Go reads from SSL_CERT_FILE; and it takes the TLS server name from the URL,
// so a different name (the vantage's servername, else the Host header, as the harness does)
// becomes the URL's host, mapped back to the address with k6's `hosts` option.
// Runtime-neutral: the profile and environment come in as values.
import { EnvError, type Env } from "./env.ts";
import { ProfileError, type Section } from "./profile.ts";
import type { TargetProfile } from "../../spec/profile/types.ts";

/** One place a scenario sends to, and from where. */
export interface Send {
  vantage?: string;
  url: string;
  host?: string;
  /** Profile path, for messages. */
  where: string;
}

export interface TlsPlan {
  vantage: string;
  cert: string;
  key: string;
  ca: string;
  servername?: string;
  /** k6 `hosts` entries: TLS server name → the address the profile's URL names. */
  hosts: Record<string, string>;
}

/** Every place the given profile sections send to. */
export function sendsOf(p: TargetProfile, sections: readonly Section[]): Send[] {
  const out: Send[] = [];
  const plain = (s: "routing" | "canary" | "timeouts" | "retries" | "faultInjection") =>
    (p[s] ?? []).forEach((t, i) => out.push({ ...(t.vantage !== undefined ? { vantage: t.vantage } : {}), url: t.url, ...(t.host !== undefined ? { host: t.host } : {}), where: `${s}[${i}]` }));
  for (const s of sections) {
    if (s === "mtls") {
      (p.mtls ?? []).forEach((t, i) => {
        out.push({ vantage: t.control.vantage, url: t.control.url, where: `mtls[${i}].control` });
        out.push({ ...(t.plaintext.vantage !== undefined ? { vantage: t.plaintext.vantage } : {}), url: t.plaintext.url, where: `mtls[${i}].plaintext` });
      });
    } else if (s === "authz") {
      (p.authz ?? []).forEach((t, i) => {
        t.allow.forEach((set, j) => out.push({ vantage: set.vantage, url: t.url, where: `authz[${i}].allow[${j}]` }));
        t.deny.forEach((set, j) => out.push({ vantage: set.vantage, url: t.url, where: `authz[${i}].deny[${j}]` }));
      });
    } else plain(s);
  }
  return out;
}

function hostOf(url: string): { hostname: string; isIp: boolean } {
  const authority = /^https?:\/\/([^/?#]+)/i.exec(url)?.[1] ?? "";
  const hostname = authority.replace(/^[^@]*@/, "").replace(/:\d+$/, "");
  return { hostname, isIp: /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith("[") };
}

/** The name the TLS handshake must carry: the vantage's servername, else the Host header, else the URL's host. */
function serverName(send: Send, servername: string | undefined): string {
  return servername ?? send.host ?? hostOf(send.url).hostname;
}

/** The URL a tls vantage's request goes to: its host replaced by the TLS server name (k6 `hosts` maps it back). */
export function tlsUrl(url: string, host: string | undefined, servername: string | undefined): string {
  const name = serverName({ url, ...(host !== undefined ? { host } : {}), where: "" }, servername);
  const { hostname } = hostOf(url);
  return name === hostname ? url : url.replace(/^(https?:\/\/(?:[^@/]*@)?)([^/:?#]+|\[[^\]]+\])/i, `$1${name}`);
}

const absolute = (dir: string, p: string) => (p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p) ? p : `${dir}/${p}`);

/**
 * The run's tls vantage, when its sends use one, with its files made absolute against the
 * profile's directory (as the harness resolves them); a ProfileError or EnvError, in one line,
 * for what k6 cannot do faithfully.
 */
export function tlsPlan(p: TargetProfile, sends: readonly Send[], profileFile: string, env: Env): TlsPlan | undefined {
  const tlsSends = sends.filter((s) => s.vantage !== undefined && p.vantages[s.vantage]?.kind === "tls");
  if (tlsSends.length === 0) return undefined;
  const names = [...new Set(tlsSends.map((s) => s.vantage!))];
  if (names.length > 1) {
    throw new ProfileError(`profile vantages ${names.join(" and ")}: k6 presents one client certificate for the whole run, so one scenario run can send from one tls vantage; run it once per vantage with a profile each, or use the harness`);
  }
  const name = names[0]!;
  const anonymous = sends.find((s) => (s.vantage === undefined || p.vantages[s.vantage]?.kind === "direct") && /^https:/i.test(s.url));
  if (anonymous) {
    throw new ProfileError(`profile ${anonymous.where}: sends over https from ${anonymous.vantage ?? "direct"} in a run that also sends from tls vantage ${name}; k6 would present ${name}'s certificate there too. Send it over http, or run the tls checks with a profile of their own`);
  }
  const v = p.vantages[name] as Extract<TargetProfile["vantages"][string], { kind: "tls" }>;
  const dir = profileFile.replace(/[\\/][^\\/]*$/, "") || "/";
  const ca = absolute(dir, v.ca);
  if (env.SSL_CERT_FILE !== ca) {
    throw new EnvError(`tls vantage ${name}: k6 verifies servers against the system's roots only, so start it with SSL_CERT_FILE=${ca}, the profile's CA (bin/k6-run and make k6 do)${env.SSL_CERT_FILE ? `; SSL_CERT_FILE is ${env.SSL_CERT_FILE}` : ""}`);
  }
  const hosts: Record<string, string> = {};
  for (const s of tlsSends) {
    const sni = serverName(s, v.servername);
    const { hostname, isIp } = hostOf(s.url);
    if (sni === hostname) continue;
    if (!isIp) throw new ProfileError(`profile ${s.where}: tls vantage ${name} must present server name ${sni}, but k6 takes it from the URL's host ${hostname}; put ${sni} in the URL (with an address k6 can resolve)`);
    if (hosts[sni] !== undefined && hosts[sni] !== hostname) throw new ProfileError(`profile ${s.where}: server name ${sni} is at ${hosts[sni]} and ${hostname}; k6's hosts option maps a name to one address`);
    hosts[sni] = hostname.replace(/^\[|\]$/g, "");
  }
  return { vantage: name, cert: absolute(dir, v.cert), key: absolute(dir, v.key), ca, ...(v.servername !== undefined ? { servername: v.servername } : {}), hosts };
}
