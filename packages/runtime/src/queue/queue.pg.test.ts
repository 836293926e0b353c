import { describe } from 'vitest';
import { dispatcherContract } from '../dispatcher-contract.ts';
import { startQueueTestSwitchboard } from '../testing.ts';

describe('the BullMQ dispatcher (turns run on queue workers)', () => {
  dispatcherContract(() => startQueueTestSwitchboard());
});
