import type { Texts } from '../../src/i18n/i18n';
import { loadTexts } from '../support/texts';
import { LineServiceRig } from './lineServiceRig';
import { StudentLoad } from './studentLoad';

/** What one fault scenario runs on: the service rig, and fifty students chatting with it. */
export interface LoadedRig {
  rig: LineServiceRig;
  load: StudentLoad;
}

/**
 * Each scenario's rig and load: `start()` inside the test starts the service and the students;
 * after the test (also when it failed) the students stop and the rig is taken down. Call at the
 * top of a `describe`.
 */
export function useLoadedRig(): { start(extraEnv?: Record<string, string>): Promise<LoadedRig> } {
  let texts: Texts;
  let running: Partial<LoadedRig> = {};
  beforeAll(async () => {
    texts = await loadTexts();
  });
  afterEach(async () => {
    running.load?.abandon();
    await running.rig?.close();
    running = {};
  });
  return {
    start: async (extraEnv = {}) => {
      const rig = await LineServiceRig.start(extraEnv);
      running.rig = rig;
      const load = new StudentLoad(rig.lineApi, rig.webhookUrl, texts);
      running.load = load;
      load.start();
      return { rig, load };
    },
  };
}
