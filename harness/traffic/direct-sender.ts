// The `direct` vantage: plain requests from the harness host.

import { HttpSender } from "./http-sender.js";
import type { Sender, SenderOptions } from "./sender.js";

export function createDirectSender(opts: SenderOptions): Sender {
  return new HttpSender("direct", opts);
}
