/** Wait-until-true over the fake's state: every change calls notify(), waiters re-check. */

interface Waiter {
  check: () => boolean;
  reject: (error: Error) => void;
}

export class Signal {
  private readonly waiters = new Set<Waiter>();

  /** Resolves with the first non-undefined probe() result; rejects after timeoutMs, naming what. */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const found = probe();
          if (found === undefined) return false;
          settle();
          resolve(found);
          return true;
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.reject(new Error(`discord-fake: timed out after ${timeoutMs} ms waiting for ${what}`)),
        timeoutMs,
      );
      const settle = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  /** Fails every pending wait: the fake is closing and nothing more will happen. */
  abort(reason: string): void {
    for (const waiter of [...this.waiters]) waiter.reject(new Error(`discord-fake: ${reason}`));
  }
}
