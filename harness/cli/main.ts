// Entry point of the `meshcheck` command: dispatch to a subcommand, and the one top-level
// handler that turns errors into one line and a documented exit code.

import { MeshcheckError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { USAGE, commandUsage, isCommandName, type CommandName } from "./usage.js";
// Static, so that `--version` runs from the entry chunk alone (bin/compiled-cli.js then checks
// only that chunk's sources); reading package.json is all it costs the other commands.
import { MESHCHECK_VERSION } from "../version.js";

type Command = (args: string[]) => Promise<number>;

// Each command is imported only when it is the one asked for: `--help`, `--version` and a
// command's own start do not pay for loading every other command's dependencies. Keyed by
// ./usage.ts's names: a command without help text does not compile.
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  run: async () => (await import("./run-command.js")).runCommand,
  mesh: async () => (await import("./mesh-command.js")).meshCommand,
  report: async () => (await import("./report-command.js")).reportCommand,
  history: async () => (await import("./history-command.js")).historyCommand,
  diff: async () => (await import("./diff-command.js")).diffCommand,
  preflight: async () => (await import("./preflight-command.js")).preflightCommand,
  load: async () => (await import("./load-command.js")).loadCommand,
};

/** `--help`/`-h` among a command's arguments (before a `--` that ends the flags). */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/** `run --help` lists the registry's checks; only it loads the registry. */
async function checkIdsFor(name: CommandName): Promise<string[]> {
  if (name !== "run") return [];
  const { ALL_CHECKS } = await import("../features/registry.js");
  return ALL_CHECKS.map((c) => c.id);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // Asked for, help is the output (stdout, exit 0); with no command at all it explains a usage error.
  if (name === undefined) {
    process.stderr.write(USAGE);
    return ExitCode.Usage;
  }
  if (name === "--help" || name === "-h") {
    process.stdout.write(USAGE);
    return ExitCode.Pass;
  }
  if (name === "--version" || name === "-V") {
    process.stdout.write(`${MESHCHECK_VERSION}\n`);
    return ExitCode.Pass;
  }
  // Help is data (./usage.ts): printing it loads no command.
  if (name === "help") {
    const [topic, ...extra] = rest;
    if (topic === undefined) process.stdout.write(USAGE);
    else if (isCommandName(topic) && extra.length === 0) process.stdout.write(commandUsage(topic, await checkIdsFor(topic)));
    else throw new MeshcheckError(`help ${rest.join(" ")}: no such command (commands: ${Object.keys(COMMANDS).join(", ")})`, ExitCode.Usage);
    return ExitCode.Pass;
  }
  if (!isCommandName(name)) {
    throw new MeshcheckError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(", ")}; see meshcheck --help)`, ExitCode.Usage);
  }
  if (asksForHelp(rest)) {
    process.stdout.write(commandUsage(name, await checkIdsFor(name)));
    return ExitCode.Pass;
  }
  const command = await COMMANDS[name]();
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
