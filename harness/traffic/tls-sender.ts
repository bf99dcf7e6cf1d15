// The `tls` vantage: the harness host presenting a client certificate. Verification stays on:
// the server must chain to the profile's CA and match the servername (or the Host header).

import { readFileSync } from "node:fs";
import type { Vantage } from "../../spec/profile/types.js";
import { HttpSender } from "./http-sender.js";
import { SenderError, type Sender, type SenderOptions } from "./sender.js";

export type TlsVantage = Extract<Vantage, { kind: "tls" }>;

export function createTlsSender(vantage: TlsVantage, opts: SenderOptions): Sender {
  const read = (field: "cert" | "key" | "ca"): Buffer => {
    try {
      return readFileSync(vantage[field]);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "unreadable";
      throw new SenderError(`vantage ${opts.vantageName ?? "tls"}: cannot read ${field} file ${vantage[field]} (${code})`, opts.vantageName);
    }
  };
  return new HttpSender("tls", opts, {
    cert: read("cert"),
    key: read("key"),
    ca: read("ca"),
    rejectUnauthorized: true,
    ...(vantage.servername === undefined ? {} : { servername: vantage.servername }),
  });
}
