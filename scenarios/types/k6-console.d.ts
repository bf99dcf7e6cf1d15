// k6 provides console (log, info, warn, error, debug) as a global; @types/k6 does not declare it
// and the scenarios' tsconfig has no DOM lib, so this declares the part the scenarios use.
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
