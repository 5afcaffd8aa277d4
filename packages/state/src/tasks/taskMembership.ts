import { StateError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { TaskRegistry, TaskRegistryMember } from '../managers/index.js';
import { MemoryTaskRegistry } from '../managers/index.js';

/** What the membership needs from its task set at each tick. */
export interface TaskMembershipHost {
  /** The state manager's registry, if it has one (else an in-memory one). */
  registry(): TaskRegistry | undefined;
  logger(): Logger;
  /** True once the app refuses new tasks: a process declared dead then does not join again. */
  closed(): boolean;
  /** This process was declared dead after stalling: every task running here is aborted. */
  declaredDead(): void;
  /** Another process asked to cancel task `taskId` of this one. */
  cancel(taskId: string): void;
  /** Ends (or resumes) the tasks that dead process `processId` ran on `token`. */
  reap(token: string, processId: string): Promise<void>;
  /** Checks the tokens of the tasks that have not written for a while (`checkTaskTokens`). */
  checkTokens(): Promise<void>;
}

/**
 * This process's membership of the task registry: joined once (again after it was declared dead),
 * renewed by a tick that also takes the cancels other processes asked for, ends the tasks of dead
 * processes and checks the tokens of idle tasks; left when the app closes.
 */
export class TaskMembership {
  readonly #host: TaskMembershipHost;
  readonly #fallback = new MemoryTaskRegistry();
  #member: TaskRegistryMember | undefined;
  #joining: Promise<TaskRegistryMember> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #ticking = false;
  #left = false;

  constructor(host: TaskMembershipHost) {
    this.#host = host;
  }

  /** The member while joined; undefined before, after leaving or once declared dead. */
  get member(): TaskRegistryMember | undefined {
    return this.#member;
  }

  /** Joins the task registry (once; again after this process was declared dead) and starts ticking. */
  join(): Promise<TaskRegistryMember> {
    if (this.#member) return Promise.resolve(this.#member);
    if (this.#left)
      return Promise.reject(new StateError('APP_CLOSED', 'The app was closed; it left the task registry.'));
    if (!this.#joining) {
      const registry = this.#host.registry() ?? this.#fallback;
      const joining = registry.join().then((member) => {
        this.#member = member;
        this.#startTicking(member);
        return member;
      });
      joining.catch(() => {
        if (this.#joining === joining) this.#joining = undefined;
      });
      this.#joining = joining;
    }
    return this.#joining;
  }

  /** Whether the process of an entry renews its lease (unknown before joining: assumed alive). */
  isAlive(processId: string): boolean {
    if (processId === '') return false;
    const member = this.#member;
    if (!member) return true;
    return processId === member.id || member.isAlive(processId);
  }

  /** Stops ticking and leaves the registry (after `abortAll` and `settled`). */
  async leave(): Promise<void> {
    this.#left = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    const member = this.#member;
    this.#member = undefined;
    await member?.leave().catch((error: unknown) => {
      this.#host.logger().warn('Leaving the task registry failed; survivors take over after the lease', { error });
    });
  }

  #startTicking(member: TaskRegistryMember): void {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => void this.#tick(), member.tickInterval);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** One tick: renew, take the cancels asked for, end the tasks of dead processes, check tokens. */
  async #tick(): Promise<void> {
    const member = this.#member;
    if (!member || this.#ticking) return;
    this.#ticking = true;
    try {
      const report = await member.tick();
      if (!report.alive) {
        // Declared dead after stalling: our tasks were ended or resumed elsewhere.
        this.#member = undefined;
        this.#joining = undefined;
        this.#host.declaredDead();
        this.#host.logger().warn('This process missed its task lease and was declared dead; its tasks were aborted');
        if (!this.#host.closed()) await this.join();
        return;
      }
      for (const { taskId } of report.cancels) this.#host.cancel(taskId);
      for (const { processId, tokens } of report.dead) {
        for (const token of tokens) await this.#host.reap(token, processId);
      }
      await this.#host.checkTokens();
    } catch (error) {
      this.#host.logger().warn('A task registry tick failed; retrying at the next one', { error });
    } finally {
      this.#ticking = false;
    }
  }
}
