// The one factory that turns a profile vantage into a Sender.

import type { Vantage } from "../../spec/profile/types.js";
import { createDirectSender } from "./direct-sender.js";
import { createForwarderSender } from "./forwarder-sender.js";
import type { Sender, SenderOptions } from "./sender.js";
import { createTlsSender } from "./tls-sender.js";

export function createSender(vantage: Vantage, opts: SenderOptions): Sender {
  switch (vantage.kind) {
    case "direct":
      return createDirectSender(opts);
    case "tls":
      return createTlsSender(vantage, opts);
    case "forwarder":
      return createForwarderSender(vantage, opts);
  }
}
