// Delivering a run's metrics after its report is written: textfile, Pushgateway, /metrics.
// A delivery that fails is one warning line and a worse exit code, never a lost report and
// never a stack trace; the other deliveries still happen.

import { pushMetrics } from "./pushgateway.js";
import { DEFAULT_METRICS_ADDRESS, isLoopback, serveMetrics } from "./serve.js";
import { writeFileAtomic } from "../report/write.js";
import { ExitCode } from "../exit-codes.js";
import type { RunReport } from "../report/types.js";

export interface MetricsOptions {
  /** Pushgateway base URL; the group is /metrics/job/meshcheck/target/<name>. */
  pushgateway?: URL;
  /** node_exporter textfile collector file, written atomically. */
  file?: string;
  /** Serve /metrics on address:port until stopped (0: any free port). */
  port?: number;
  /** The IP address to serve on (default 127.0.0.1: this host only). */
  address?: string;
}

export interface DeliveryIo {
  /** Where the run report was written, named in every warning. */
  reportPath: string;
  /** One line to stderr (newline included). */
  log(line: string): void;
  /** Resolves when serving should stop (default: SIGINT or SIGTERM). */
  untilStopped?: () => Promise<void>;
}

export function wantsMetrics(o: MetricsOptions): boolean {
  return o.pushgateway !== undefined || o.file !== undefined || o.port !== undefined;
}

/** Returns true when every requested delivery succeeded. */
export async function deliverMetrics(report: RunReport, o: MetricsOptions, io: DeliveryIo): Promise<boolean> {
  if (!wantsMetrics(o)) return true;
  // prom-client is loaded only by runs that deliver metrics, not at every start.
  const { renderMetrics } = await import("./registry.js");
  const body = await renderMetrics(report);
  const warn = (what: string, reason: string) => io.log(`meshcheck: warning: could not ${what}: ${reason}; the report is at ${io.reportPath}\n`);
  let ok = true;

  if (o.file !== undefined) {
    try {
      await writeFileAtomic(o.file, body.text);
      io.log(`meshcheck: metrics written to ${o.file}\n`);
    } catch (err) {
      ok = false;
      warn(`write metrics to ${o.file}`, errnoOf(err));
    }
  }

  if (o.pushgateway !== undefined) {
    const pushed = await pushMetrics(o.pushgateway, report.target.name, body);
    if (pushed.ok) io.log(`meshcheck: metrics pushed to ${pushed.url.href}\n`);
    else {
      ok = false;
      warn(`push to ${pushed.url.href}`, pushed.reason);
    }
  }

  if (o.port !== undefined) {
    const address = o.address ?? DEFAULT_METRICS_ADDRESS;
    let server;
    try {
      server = await serveMetrics(o.port, body, address);
    } catch (err) {
      ok = false;
      warn(`serve metrics on ${address.includes(":") ? `[${address}]` : address}:${o.port}`, errnoOf(err));
    }
    if (server && !isLoopback(address)) {
      io.log(`meshcheck: warning: --metrics-address ${address} is not loopback: anyone who can reach ${server.url} can read this run's results (there is no authentication); allow only your Prometheus to it (a firewall or NetworkPolicy)\n`);
    }
    if (server) {
      io.log(`meshcheck: serving metrics at ${server.url} (Ctrl-C to stop)\n`);
      await (io.untilStopped ?? untilSignal)();
      await server.close();
    }
  }
  return ok;
}

/** The run's own non-zero code wins; a clean run whose metrics were lost exits DeliveryFailed. */
export function exitCodeAfterDelivery(runExitCode: number, delivered: boolean): number {
  return delivered || runExitCode !== ExitCode.Pass ? runExitCode : ExitCode.DeliveryFailed;
}

function errnoOf(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") return code;
  return err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err);
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
