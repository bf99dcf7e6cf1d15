// The local mesh's control listener (127.0.0.1, never a service port): what a cluster API would
// do for the harness. `POST /restart/{namespace}/{workload}` restarts a workload and answers
// once the new pod serves, with JSON {workload, podBefore, podAfter, graceful, drainedMs}.
// Guarded as the echo's forwarder is (admin-guard.ts): the run's token, JSON, loopback Host,
// nothing from a web page.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { refuseAdminRequest } from "../../apps/echo/src/admin-guard.js";
import { listenLoopback, trackSockets, closeServer, type RunningListener } from "./listen.js";
import { RestartError, type Pods } from "./restart.js";

const RESTART = /^\/restart\/([^/]+)\/([^/]+)$/;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export async function startControl(pods: Pods, token: string): Promise<RunningListener> {
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    const refused = refuseAdminRequest(req.headers, token);
    if (refused) return sendJson(res, refused.status, { error: refused.error }, { ...refused.headers, connection: "close" });
    const m = RESTART.exec((req.url ?? "/").split("?")[0] ?? "/");
    if (!m) return sendJson(res, 404, { error: "unknown control path; use POST /restart/{namespace}/{workload}" });
    if (req.method !== "POST") return sendJson(res, 405, { error: "restart with POST" });
    const key = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
    let restarting;
    try {
      restarting = pods.restart(key);
    } catch (err) {
      if (err instanceof RestartError) return sendJson(res, err.status, { error: err.message });
      throw err;
    }
    restarting.then(
      (result) => sendJson(res, 200, result),
      (err: unknown) => sendJson(res, 500, { error: `restart of ${key} failed: ${err instanceof Error ? err.message : String(err)}` }),
    );
  };
  const server = createServer(handle);
  const destroyAll = trackSockets(server);
  const port = await listenLoopback(server, "mesh control");
  return { name: "mesh control", port, close: () => closeServer(server, destroyAll) };
}
