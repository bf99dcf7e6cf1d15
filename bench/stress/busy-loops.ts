// CPU hogs for the stress benchmark: N child processes that spin, so the harness, the local mesh
// and everything else on the machine fight for the cores. Stopped by their own pids (never by
// name) when the benchmark ends; and each one exits by itself once its parent is gone, so a
// benchmark killed hard leaves nothing spinning on a shared machine.
import { spawn, type ChildProcess } from "node:child_process";

// Spin in 100 ms slices, looking up between them whether the parent still exists.
const SPIN = `const parent = process.ppid;
function spin() {
  const until = Date.now() + 100;
  while (Date.now() < until) {}
  if (process.ppid !== parent) process.exit(0);
  setImmediate(spin);
}
spin();`;

export interface BusyLoops {
  count: number;
  stop(): void;
}

export function startBusyLoops(count: number): BusyLoops {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    children.push(spawn(process.execPath, ["-e", SPIN], { stdio: "ignore" }));
  }
  const stop = () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  };
  process.once("exit", stop);
  return { count, stop };
}
