import type { Logger } from '../platform/logger';
import type { PushPlan } from './pushPlan';
import type { PushJobRunner, PushJobs, PushJobsHealth } from './pushJobs';

/**
 * The embedded {@link PushJobs} (memory mode, the demo part): a push is delivered by the process
 * that accepted it, and dies with it, as the memory state does. On shutdown a push in flight is
 * given the grace period to finish.
 */
export class InProcessPushJobs implements PushJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly runner: PushJobRunner,
    private readonly logger: Logger,
  ) {}

  async submit(pushId: string, plan: PushPlan): Promise<void> {
    const run = this.runner(pushId, plan, () => false)
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ err, pushId }, 'staff push failed'))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async health(): Promise<PushJobsHealth> {
    return { engine: 'in-process', ok: true };
  }

  async close(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.idle(), grace]);
    clearTimeout(timer);
  }
}
