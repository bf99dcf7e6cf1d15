// node:util parseArgs for every meshcheck command, strict, with its error turned into the one
// UsageError line the CLI contract promises: "<command>: <what is wrong> (<where to look>)".
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";

export function parseFlags<T extends Omit<ParseArgsConfig, "args" | "strict">>(
  command: string,
  args: string[],
  config: T,
  hint = `see meshcheck ${command} --help`,
): ReturnType<typeof parseArgs<T & { args: string[]; strict: true }>> {
  try {
    return parseArgs({ ...config, args, strict: true });
  } catch (err) {
    // parseArgs messages can run over several lines; the contract is one.
    throw new UsageError(`${command}: ${(err as Error).message.split("\n")[0] ?? ""} (${hint})`);
  }
}
