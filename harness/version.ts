// meshcheck's own version, recorded in every report (read once from package.json).
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
export const MESHCHECK_VERSION: string = pkg.version;
