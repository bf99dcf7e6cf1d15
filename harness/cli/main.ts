// Entry point of the `meshcheck` command: dispatch to a subcommand, and the one top-level
// handler that turns errors into one line and a documented exit code.

import { MeshcheckError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { USAGE } from "./usage.js";

type Command = (args: string[]) => Promise<number>;

// Each command is imported only when it is the one asked for: `--help`, `--version` and a
// command's own start do not pay for loading every other command's dependencies.
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import("./run-command.js")).runCommand,
  mesh: async () => (await import("./mesh-command.js")).meshCommand,
  report: async () => (await import("./report-command.js")).reportCommand,
  history: async () => (await import("./history-command.js")).historyCommand,
  diff: async () => (await import("./diff-command.js")).diffCommand,
  preflight: async () => (await import("./preflight-command.js")).preflightCommand,
  load: async () => (await import("./load-command.js")).loadCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(USAGE);
    return name === undefined ? ExitCode.Usage : ExitCode.Pass;
  }
  if (name === "--version") {
    const { MESHCHECK_VERSION } = await import("../version.js");
    process.stdout.write(`${MESHCHECK_VERSION}\n`);
    return ExitCode.Pass;
  }
  const loadCommand = COMMANDS[name];
  if (!loadCommand) {
    throw new MeshcheckError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(", ")}; see meshcheck --help)`, ExitCode.Usage);
  }
  const command = await loadCommand();
  return command(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof MeshcheckError) {
    process.stderr.write(`meshcheck: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    // A bug, not a user error: keep the stack.
    process.stderr.write(`meshcheck: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  }
}
