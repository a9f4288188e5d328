// Inputs are validated before the main module (the engine, the AWS SDK, @actions/core) is loaded.
// The runner runs this bundle again as the post step; the main step marks itself first thing (even when
// its inputs turn out bad), so the post step never repeats the main step.
import { saveState } from '../../src/github/commands.js';
import { runnerInputs } from '../../src/github/input-source.js';
import { startAction } from '../../src/github/start.js';
import { readInputs } from './inputs.js';

if (process.env.STATE_isPost === 'true') {
  void import('./main.js').then((main) => main.runPost());
} else {
  saveState('isPost', 'true');
  void startAction(
    'build-push',
    () => readInputs(runnerInputs),
    async (inputs) => (await import('./main.js')).run(inputs),
  );
}
