// Inputs are validated before the main module (the engine, the AWS SDK, @actions/core) is loaded.
import { startAction } from '../../src/github/start.js';
import { runnerInputs } from '../../src/github/input-source.js';
import { readInputs } from './inputs.js';

void startAction(
  'wait-healthy',
  () => readInputs(runnerInputs),
  async (inputs) => (await import('./main.js')).run(inputs),
);
