import { describe } from 'vitest';
import { dispatcherContract } from './dispatcher-contract.ts';
import { startTestSwitchboard } from './testing.ts';

describe('the inline dispatcher (turns run in the web process)', () => {
  dispatcherContract(() => startTestSwitchboard());
});
