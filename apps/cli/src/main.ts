import { closeRuntime, createRuntime, loadConfig } from '@threadtrak/application';
import { ProjectionRunner } from '@threadtrak/read-models';
import { parseArgs } from 'node:util';
import { progressReporter } from './progress';

const HELP: Record<string, string> = {
  '': `Usage: npm run cli -- <command> [options]

Commands (each has --help):
  rebuild       drop the read models and rebuild them from position 0 of the log
  head          print the log's head position

The commands use the same environment as the service (EVENT_STORE_URL, REDIS_URL, …).
`,
  rebuild: `Usage: npm run cli -- rebuild [--projection NAME]

Drops the read models (all, or one) in the configured read-model store and replays the whole log into
them, printing progress. Needs REDIS_URL: the in-memory read models live inside the service process and
are rebuilt from the log every time it starts (or with POST /v1/admin/projections/rebuild).
`,
  head: `Usage: npm run cli -- head

Prints {"headPosition": N}: the position of the last event in the log.
`,
};

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  async head() {
    const runtime = await createRuntime(loadConfig());
    try {
      console.log(JSON.stringify({ headPosition: await runtime.store.headPosition() }));
      return 0;
    } finally {
      await closeRuntime(runtime);
    }
  },

  async rebuild(args) {
    const { values } = parseArgs({ args, options: { projection: { type: 'string' } } });
    const config = loadConfig();
    if (!config.redisUrl) {
      process.stderr.write(HELP.rebuild!);
      return 2;
    }
    const runtime = await createRuntime(config);
    try {
      const head = await runtime.store.headPosition();
      const runner = new ProjectionRunner({ eventStore: runtime.store, store: runtime.readModels });
      const progress = progressReporter('rebuild', head);
      const rebuilt = await runner.rebuild(values.projection);
      const timer = setInterval(async () => {
        const lags = Object.values(await runner.lag());
        progress(head - Math.max(0, ...lags));
      }, 500);
      await runner.waitUntilCaughtUp(head, { timeoutMs: 24 * 3_600_000 });
      clearInterval(timer);
      progress(head, true);
      await runner.stop();
      console.log(JSON.stringify({ rebuilt, headPosition: head }));
      return 0;
    } finally {
      await closeRuntime(runtime);
    }
  },
};

const main = async () => {
  const [name = '', ...args] = process.argv.slice(2);
  if (name === '' || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(HELP['']!);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${HELP['']}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP[name] ?? HELP['']!);
    return 0;
  }
  return command(args);
};

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
