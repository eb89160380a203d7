/**
 * A value read from the database at most once per `ttlMs` of the real clock (a store's `now` may
 * stand still: tests, the bench). For what only moves how a search reads, never what it answers.
 */
export class Recent<T> {
  private kept: { value: T; readAt: number } | null = null;

  constructor(
    private readonly ttlMs: number,
    private readonly read: () => Promise<T>,
  ) {}

  async get(): Promise<T> {
    const now = Date.now();
    if (this.kept && now - this.kept.readAt < this.ttlMs) return this.kept.value;
    const value = await this.read();
    this.kept = { value, readAt: now };
    return value;
  }
}
