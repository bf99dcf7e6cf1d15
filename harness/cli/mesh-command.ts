// `meshcheck mesh up`: the local mesh in the foreground (its own module does the work).
import { UsageError } from "../errors.js";

export async function meshCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "up") throw new UsageError(`mesh ${sub ?? ""}: unknown subcommand (use: meshcheck mesh up)`);
  const { meshUp } = await import("./mesh-up.js");
  return meshUp(rest);
}
