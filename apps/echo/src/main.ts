// Container entry: environment → startEcho; SIGTERM/SIGINT → graceful close → exit 0.
// Exit codes: 0 clean stop, 1 runtime failure (e.g. port in use), 2 bad environment.
import { ConfigError, loadConfig } from "./config.js";
import { startEcho } from "./server.js";

function fail(line: string, code: number): never {
  process.stderr.write(`echo: ${line}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let options;
  try {
    options = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(`bad environment: ${err.message}`, 2);
    throw err;
  }

  const echo = await startEcho(options).catch((err: unknown) => {
    const code = (err as { code?: unknown }).code;
    fail(`cannot start: ${err instanceof Error ? err.message : String(err)}${code ? ` (${String(code)})` : ""}`, 1);
  });
  // One line with the bound ports, so a supervisor (or a test using PORT=0) can find them.
  process.stderr.write(
    `echo: ${options.service} ${options.version} listening port=${echo.port} adminPort=${echo.adminPort}\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) fail(`second ${signal} while draining; exiting now`, 1);
    stopping = true;
    process.stderr.write(`echo: ${signal}: draining (up to ${options.shutdownGraceMs} ms)\n`);
    echo.close().then(
      () => process.exit(0),
      (err: unknown) => fail(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`, 1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => fail(`unexpected failure: ${err instanceof Error ? err.message : String(err)}`, 1));
