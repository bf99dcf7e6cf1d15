// Where handleSummary writes its files. k6 writes them relative to the working directory and
// creates no directories: a missing one used to lose the JSON and JUnit files behind exit 0, so
// the scenarios check it in the init context (exit 107). Runtime-neutral.
import { EnvError, type Env } from "./env.ts";

const isAbsolute = (p: string) => p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p);

/**
 * The reports directory as handleSummary names it (-e REPORTS_DIR, default `reports`), and the
 * absolute path to check it at: relative ones against the shell's PWD; undefined when unknown.
 */
export function reportsDir(env: Env): { dir: string; absolute?: string } {
  const dir = env.REPORTS_DIR || "reports";
  if (isAbsolute(dir)) return { dir, absolute: dir };
  const pwd = env.PWD;
  return pwd && isAbsolute(pwd) ? { dir, absolute: `${pwd.replace(/\/+$/, "")}/${dir}` } : { dir };
}

/**
 * What k6's open() said about the directory, as the error to stop on: open() refuses a directory
 * ("can't be used with directories"), which is the answer wanted; anything else means it is not one.
 */
export function reportsDirError(dir: string, absolute: string, openError: string | undefined): EnvError | undefined {
  if (openError !== undefined && /directories/.test(openError)) return undefined;
  const what = openError === undefined ? "is a file" : /no such file|not exist|cannot find/i.test(openError) ? "does not exist" : `cannot be read (${openError})`;
  return new EnvError(`-e REPORTS_DIR=${dir}: ${absolute} ${what}; create the directory (k6 does not) or name another, else the JSON and JUnit summaries are lost`);
}
