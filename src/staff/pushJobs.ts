import type { PushPlan } from './pushPlan';

/** How a delivery run ended: the push is done, or the instance is stopping and handed it back. */
export type PushRunOutcome = 'done' | 'stopped';

/**
 * Delivers a push from its saved cursor to the end (`PushRunner.run`). `stopping` turns true
 * when the instance shuts down: the run then stops after the batch in flight.
 */
export type PushJobRunner = (
  pushId: string,
  plan: PushPlan,
  stopping: () => boolean,
) => Promise<PushRunOutcome>;

/** What `/healthz` says about the job engine. */
export interface PushJobsHealth {
  engine: string;
  ok: boolean;
}

/**
 * Where staff pushes are delivered: as durable BullMQ jobs on Redis (`BullmqPushJobs`), which
 * another instance takes over when the delivering one dies, or in the process that accepted
 * them (`InProcessPushJobs`, the embedded demo part).
 */
export interface PushJobs {
  /** Queues the delivery of a push whose record is saved; resolves once it is queued. */
  submit(pushId: string, plan: PushPlan): Promise<void>;
  /** Resolves once the pushes submitted here have finished (tests, demos). */
  idle(): Promise<void>;
  health(): Promise<PushJobsHealth>;
  /** Stops taking pushes; one in flight stops after its batch (or is given `graceMs`). */
  close(graceMs: number): Promise<void>;
}
