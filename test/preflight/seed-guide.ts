// The seed guide's configuration, rewritten as the files a user following it would apply and
// run (fixtures/seed-guide/): every defect the guide carries is kept on purpose, so preflight
// must find each one at its file and line. The fixtures live in the repository so a fresh
// clone tests the same thing.
import { fileURLToPath } from "node:url";

export const SEED_GUIDE_DIR = fileURLToPath(new URL("./fixtures/seed-guide/", import.meta.url));
