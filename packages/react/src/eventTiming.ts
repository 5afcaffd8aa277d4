/** Throttle settings: `throttle: 500` means `{ wait: 500, leading: true, trailing: false }` (Reflex's). */
export interface ThrottleOptions {
  /** At most one send per this many milliseconds. */
  wait: number;
  /** Send the first call of a quiet period at once. @default true */
  leading?: boolean;
  /**
   * Send the last call made during the wait when the wait is over (so the server ends with the
   * latest value: a slider, a typed field). @default false
   */
  trailing?: boolean;
}

/** When a fired event is sent: at once (the default), after a pause, or at a limited rate. */
export interface EventTimingOptions {
  /**
   * Waits until calls have paused for this many milliseconds, then sends the last one; the calls
   * in between are merged into it (Reflex's `debounce`). For search boxes and text fields.
   */
  debounce?: number;
  /**
   * At most one send per `wait` milliseconds (Reflex's `throttle`): the first call goes at once
   * and the calls made during the wait are dropped. A number is the wait; `{ wait, trailing: true }`
   * also sends the last call made during the wait when it ends.
   */
  throttle?: number | ThrottleOptions;
}

interface Waiting<TArgs> {
  args: TArgs;
  readonly done: Promise<void>;
  readonly settle: (sent: Promise<void>) => void;
}

/**
 * Applies debounce or throttle to the calls of one fired event. Every call gets a promise: a call
 * merged into a later one shares that one's outcome; a call a leading-only throttle drops resolves
 * at once. Pure timing, no React: the hook keeps one per component.
 */
export class EventTiming<TArgs> {
  #waiting: Waiting<TArgs> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** A throttle's wait is running (a send happened less than `wait` ms ago). */
  #throttled = false;
  readonly #send: (args: TArgs) => Promise<void>;

  /** `send` sends one event now. */
  constructor(send: (args: TArgs) => Promise<void>) {
    this.#send = send;
  }

  /** True while a call waits for its debounce or throttle. */
  get waiting(): boolean {
    return this.#waiting !== undefined;
  }

  /** Sends `args` now or later, as `options` say; resolves with that send's outcome. */
  call(args: TArgs, options: EventTimingOptions): Promise<void> {
    const { debounce, throttle } = resolveTiming(options);
    if (debounce !== undefined) {
      const waiting = this.#wait(args);
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.flush(), debounce);
      return waiting.done;
    }
    if (throttle === undefined) return this.#send(args);
    if (!this.#throttled) {
      this.#throttled = true;
      this.#timer = setTimeout(() => this.#endThrottle(throttle.wait), throttle.wait);
      if (throttle.leading) return this.#send(args);
    }
    if (!throttle.trailing) return Promise.resolve();
    return this.#wait(args).done;
  }

  /** Sends the call that waits, now (a component unmounting: typed text is not lost). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#throttled = false;
    this.#release();
  }

  #wait(args: TArgs): Waiting<TArgs> {
    if (this.#waiting) {
      this.#waiting.args = args;
      return this.#waiting;
    }
    let settle!: (sent: Promise<void>) => void;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.#waiting = { args, done, settle };
    return this.#waiting;
  }

  #release(): boolean {
    const waiting = this.#waiting;
    if (!waiting) return false;
    this.#waiting = undefined;
    waiting.settle(this.#send(waiting.args));
    return true;
  }

  #endThrottle(wait: number): void {
    // A trailing send starts the next wait, so sends stay at least `wait` ms apart.
    if (this.#release()) this.#timer = setTimeout(() => this.#endThrottle(wait), wait);
    else {
      this.#throttled = false;
      this.#timer = undefined;
    }
  }
}

/** The timing options in one form, checked: a debounce or a throttle, not both. */
export function resolveTiming(options: EventTimingOptions): {
  debounce: number | undefined;
  throttle: Required<ThrottleOptions> | undefined;
} {
  const { debounce, throttle } = options;
  if (debounce !== undefined && throttle !== undefined) {
    throw new Error('[core/react] An event takes debounce or throttle, not both; pick the one you mean.');
  }
  if (debounce !== undefined) checkWait('debounce', debounce);
  if (throttle === undefined) return { debounce, throttle: undefined };
  const resolved = typeof throttle === 'number' ? { wait: throttle } : throttle;
  checkWait('throttle', resolved.wait);
  return {
    debounce,
    throttle: { wait: resolved.wait, leading: resolved.leading ?? true, trailing: resolved.trailing ?? false },
  };
}

function checkWait(option: string, wait: number): void {
  if (!Number.isFinite(wait) || wait < 0) {
    throw new Error(`[core/react] ${option} must be a number of milliseconds ≥ 0, got ${String(wait)}.`);
  }
}
