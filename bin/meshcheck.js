#!/usr/bin/env node
// The meshcheck command. TypeScript sources run through tsx, so there is no build step
// between a clone and a run.
import { register } from "tsx/esm/api";

register();
await import("../harness/cli/main.ts");
