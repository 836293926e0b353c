import { openTestDatabase } from '@switchboard/db';
import type { RunLimits } from '@switchboard/engine';
import type { SwitchboardService } from './service.ts';
import { createSwitchboard } from './switchboard.ts';

export interface TestSwitchboard {
  service: SwitchboardService;
  /** Closes the service and opens a new one on the same database, as a server restart does. */
  restart(): Promise<SwitchboardService>;
  dispose(): Promise<void>;
}

/** A Switchboard on a fresh database of the backend SWITCHBOARD_TEST_DB names (pglite or postgres). */
export async function startTestSwitchboard(options: { limits?: Partial<RunLimits> } = {}): Promise<TestSwitchboard> {
  const database = await openTestDatabase();
  await database.close();
  const open = (): Promise<SwitchboardService> =>
    createSwitchboard({
      dataDir: database.options.dataDir,
      version: 'test',
      ...(database.options.url === undefined ? {} : { databaseUrl: database.options.url }),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  const handle: TestSwitchboard = {
    service: await open(),
    async restart() {
      await handle.service.close();
      handle.service = await open();
      return handle.service;
    },
    async dispose() {
      await handle.service.close();
      await database.dispose();
    },
  };
  return handle;
}
