// Numbered jobs run at most `width` at a time, started in order, so that mocha's one-at-a-time
// `it`s can each await their own job while the next ones already run (the mutation self-test:
// each row is a local mesh that spends most of its time waiting on the wall clock).
//
// A job starts when its `it` asks for it, or ahead of that as a prefetch of the `width - 1` jobs
// after the highest one asked for; jobs never asked for and not prefetched (a --grep run) are
// never started. `close()` starts nothing more and waits for the jobs under way, so nothing a job
// holds (a mesh, its ports) outlives the suite.

export class OrderedPool<T> {
  private readonly jobs = new Map<number, Promise<T>>();
  private highestAsked = -1;
  private running = 0;
  private closed = false;

  constructor(
    private readonly count: number,
    private readonly width: number,
    private readonly run: (i: number) => Promise<T>,
  ) {
    if (!Number.isInteger(width) || width < 1) throw new RangeError(`OrderedPool: width must be a whole number ≥ 1, not ${width}`);
  }

  /** Job i's result; starts it now if it has not started (whatever the width: its `it` is waiting). */
  result(i: number): Promise<T> {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`OrderedPool: no job ${i} of ${this.count}`);
    if (this.closed) throw new Error("OrderedPool: closed");
    this.highestAsked = Math.max(this.highestAsked, i);
    const job = this.start(i);
    this.prefetch();
    return job;
  }

  /** How many jobs have been started so far (for tests and logs). */
  get startedCount(): number {
    return this.jobs.size;
  }

  /** Starts nothing more; resolves once every started job has settled. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.jobs.values());
  }

  private start(i: number): Promise<T> {
    const known = this.jobs.get(i);
    if (known) return known;
    this.running++;
    const job = Promise.resolve()
      .then(() => this.run(i))
      .finally(() => {
        this.running--;
        this.prefetch();
      });
    // The job's own `it` reports a rejection; a prefetched job whose `it` never comes must not
    // become an unhandled rejection.
    job.catch(() => undefined);
    this.jobs.set(i, job);
    return job;
  }

  private prefetch(): void {
    if (this.closed) return;
    const last = Math.min(this.count - 1, this.highestAsked + this.width - 1);
    for (let j = this.highestAsked + 1; j <= last && this.running < this.width; j++) {
      if (!this.jobs.has(j)) void this.start(j);
    }
  }
}
