/** One minute, the window of `rpm` and `tpm`. */
export const windowMs = 60_000;

/**
 * An exact sliding-window request log for `rpm`: a ring of the admission times
 * of the last `limit` requests. O(1) per request, `limit` numbers of memory.
 * A request is admitted when fewer than `limit` were admitted in the last minute.
 */
export class RequestWindow {
  readonly limit: number;
  private readonly times: Float64Array;
  private head = 0;
  private size = 0;

  constructor(limit: number) {
    this.limit = limit;
    this.times = new Float64Array(limit);
  }

  private evict(now: number): void {
    const cutoff = now - windowMs;
    while (this.size > 0 && this.times[this.head]! <= cutoff) {
      this.head = (this.head + 1) % this.limit;
      this.size--;
    }
  }

  /** Requests admitted in the last minute. */
  count(now: number): number {
    this.evict(now);
    return this.size;
  }

  /** Is there room for one more request now? (Evicts first.) */
  hasRoom(now: number): boolean {
    return this.count(now) < this.limit;
  }

  /** Record an admitted request; call only after `hasRoom` said yes. */
  add(now: number): void {
    this.times[(this.head + this.size) % this.limit] = now;
    this.size++;
  }

  /** Milliseconds until the oldest request in the window leaves it (a slot frees); 0 when empty. */
  msUntilSlot(now: number): number {
    this.evict(now);
    return this.size === 0 ? 0 : Math.max(0, this.times[this.head]! + windowMs - now);
  }

  /** The newest `limit` times in order, to carry history over to a window with a new limit. */
  resized(limit: number, now: number): RequestWindow {
    this.evict(now);
    const next = new RequestWindow(limit);
    const keep = Math.min(this.size, limit);
    for (let index = this.size - keep; index < this.size; index++)
      next.add(this.times[(this.head + index) % this.limit]!);
    return next;
  }
}

/**
 * Tokens counted from real usage over the last minute (`tpm`): a queue of
 * (time, tokens) entries and their running sum. Amortized O(1) per request.
 */
export class TokenWindow {
  private times: number[] = [];
  private amounts: number[] = [];
  private head = 0;
  private sum = 0;

  private evict(now: number): void {
    const cutoff = now - windowMs;
    while (this.head < this.times.length && this.times[this.head]! <= cutoff) {
      this.sum -= this.amounts[this.head]!;
      this.head++;
    }
    // Compact now and then so the arrays do not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.amounts = this.amounts.slice(this.head);
      this.head = 0;
    }
    if (this.head === this.times.length) this.sum = 0;
  }

  /** Tokens used in the last minute. */
  used(now: number): number {
    this.evict(now);
    return this.sum;
  }

  /**
   * Count tokens used at `now`. Entries older than the window go first, so the
   * queue never outgrows one minute of traffic even when nothing reads it (a
   * key without a tpm limit), and entries of the same millisecond share one slot.
   */
  add(now: number, tokens: number): void {
    if (tokens <= 0) return;
    this.evict(now);
    const last = this.times.length - 1;
    if (last >= this.head && this.times[last] === now) this.amounts[last]! += tokens;
    else {
      this.times.push(now);
      this.amounts.push(tokens);
    }
    this.sum += tokens;
  }

  /** Entries held (one per distinct millisecond with usage in the window): for tests and diagnostics. */
  get retained(): number {
    return this.times.length - this.head;
  }

  /** Milliseconds until at least `needed` tokens have left the window (0 if none must). */
  msUntilFreed(now: number, needed: number): number {
    this.evict(now);
    let freed = 0;
    for (let index = this.head; index < this.times.length; index++) {
      freed += this.amounts[index]!;
      if (freed >= needed) return Math.max(0, this.times[index]! + windowMs - now);
    }
    return this.times.length > this.head ? this.times[this.times.length - 1]! + windowMs - now : 0;
  }
}
