// Errors that end a meshcheck command with a documented exit code. Their message is the one
// line the user sees (what, where, how to fix); anything else is a bug and prints a stack.

import { ExitCode } from "./exit-codes.js";

export class MeshcheckError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, bad profile, bad manifests, bad weights: the user must change something. */
export class UsageError extends MeshcheckError {
  constructor(message: string) {
    super(message, ExitCode.Usage);
  }
}

/** The target could not be tested at all (unreachable, failed to start). */
export class CannotTestError extends MeshcheckError {
  constructor(message: string) {
    super(message, ExitCode.CannotTest);
  }
}
