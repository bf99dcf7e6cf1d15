// Entry point of the `meshcheck` command: dispatch to a subcommand, and the one top-level
// handler that turns errors into one line and a documented exit code.

import { MeshcheckError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { USAGE } from "./usage.js";
import { runCommand } from "./run-command.js";
import { meshCommand } from "./mesh-command.js";
import { reportCommand } from "./report-command.js";
import { historyCommand } from "./history-command.js";
import { diffCommand } from "./diff-command.js";
import { preflightCommand } from "./preflight-command.js";
import { loadCommand } from "./load-command.js";

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  mesh: meshCommand,
  report: reportCommand,
  history: historyCommand,
  diff: diffCommand,
  preflight: preflightCommand,
  load: loadCommand,
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
  const command = COMMANDS[name];
  if (!command) {
    throw new MeshcheckError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(", ")}; see meshcheck --help)`, ExitCode.Usage);
  }
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
