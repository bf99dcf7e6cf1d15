// Several targets share one `shared-iterations` k6 scenario: each target gets a contiguous run
// of iteration numbers, as many as its plan needs, so a VU can tell from
// `exec.scenario.iterationInTest` which target an iteration belongs to. Runtime-neutral.

/** Lays items end to end: item i owns iterations [from, from + requests). */
export function layOut<T extends { plan: { requests: number } }>(items: T[]): { planned: (T & { from: number })[]; total: number } {
  let next = 0;
  const planned = items.map((item) => {
    const p = { ...item, from: next };
    next += item.plan.requests;
    return p;
  });
  return { planned, total: next };
}

/** The item that owns an iteration (the last one starting at or before it). */
export function ownerOf<T extends { from: number }>(planned: readonly T[], iteration: number): T {
  let found = planned[0];
  if (found === undefined) throw new RangeError("no planned targets");
  for (const p of planned) if (iteration >= p.from) found = p;
  return found;
}
