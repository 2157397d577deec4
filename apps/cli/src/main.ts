import { closeRuntime, createRuntime, loadConfig } from '@threadtrak/application';

const HELP = `Usage: npm run cli -- <command>

Commands:
  head       print the log's head position and event count check
  help       this text
`;

/** Ops and finance commands on the same runtime as the service. */
const main = async () => {
  const [command = 'help'] = process.argv.slice(2);
  if (command === 'help' || command === '--help') return void process.stdout.write(HELP);
  const runtime = await createRuntime(loadConfig());
  try {
    if (command === 'head') console.log(JSON.stringify({ headPosition: await runtime.store.headPosition() }));
    else {
      process.stderr.write(`unknown command ${command}\n${HELP}`);
      process.exitCode = 2;
    }
  } finally {
    await closeRuntime(runtime);
  }
};

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
