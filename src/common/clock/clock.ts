/**
 * Where the service reads the time. Every timer, deadline and sweeper asks this provider
 * instead of `new Date()`, so a test can set the instant (a reminder due next Tuesday fires
 * when the test says it is next Tuesday) instead of sleeping. The default is the system clock.
 */
export abstract class Clock {
  /** The current instant. */
  abstract now(): Date;
}

/** The machine's clock: what production runs on. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until it is set or moved: for tests that fire timers at an instant. */
export class ManualClock extends Clock {
  constructor(private instant: Date) {
    super();
  }

  now(): Date {
    return new Date(this.instant);
  }

  /** Sets the instant. */
  set(instant: Date): void {
    this.instant = new Date(instant);
  }

  /** Moves the instant forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms);
  }
}
