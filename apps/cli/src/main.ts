import 'reflect-metadata';
import { QueryBus } from '@nestjs/cqrs';
import {
  closeRuntime,
  createRuntime,
  loadConfig,
  RebuildReadModels,
  toCsv,
} from '@threadtrak/application';
import { allProjections, replayProjections } from '@threadtrak/read-models';
import { parseArgs } from 'node:util';
import { AuditQuery } from '../../api/src/admin/audit.query';
import { HeadPositionQuery } from '../../api/src/health/head-position.query';
import { toErrorResponse } from '../../api/src/http/error-filter';
import { inCli } from './cli.module';
import { progressReporter } from './progress';
import { REATTRIBUTE_HELP, reattributeCommand } from './reattribute.command';

const HELP: Record<string, string> = {
  '': `Usage: npm run cli -- <command> [options]

Commands (each has --help):
  rebuild       drop the read models and rebuild them from position 0 of the log
  head          print the log's head position
  reattribute   re-decide orders of a period under other rules: a dry run, or --apply
  audit         every affiliate's balances as of an instant, replayed from the log, with invariant checks

The commands use the same environment as the service (EVENT_STORE_URL, REDIS_URL, …).
`,
  reattribute: REATTRIBUTE_HELP,
  rebuild: `Usage: npm run cli -- rebuild [--projection NAME]

Drops the read models (all, or one) in the configured read-model store and replays the whole log into
them, printing progress. Needs REDIS_URL: the in-memory read models live inside the service process and
are rebuilt from the log every time it starts (or with POST /v1/admin/projections/rebuild).
`,
  head: `Usage: npm run cli -- head

Prints {"headPosition": N}: the position of the last event in the log.
`,
  audit: `Usage: npm run cli -- audit [--at INSTANT] [--format json|csv]

Replays the log (never the read models) up to INSTANT (default now: events recorded at or before it) into
every affiliate's earned, reversed, pending, due, requested and paid amounts, checks the ledger's
invariants, and verifies the log's hash chain up to its head.
  --format json  (default) the whole report: balances, totals, invariants, chain
  --format csv   the balances table, one row per affiliate and a total row
Either way stderr gets the head hash to sign, e.g. "head 1234 9f86d08…: chain ok", and each violation.
Exit status: 0 when every invariant holds and the chain is intact (or not kept by the store), 3 otherwise.
`,
};

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  reattribute: reattributeCommand,

  head: () =>
    inCli(async (app) => {
      console.log(JSON.stringify(await app.get(QueryBus).execute(new HeadPositionQuery())));
      return 0;
    }),

  async audit(args) {
    const { values } = parseArgs({
      args,
      options: { at: { type: 'string' }, format: { type: 'string', default: 'json' } },
    });
    const at = values.at === undefined ? undefined : new Date(values.at);
    if (
      (at && (!/^\d{4}-\d{2}-\d{2}/.test(values.at!) || Number.isNaN(at.getTime()))) ||
      (values.format !== 'json' && values.format !== 'csv')
    ) {
      process.stderr.write(HELP.audit!);
      return 2;
    }
    return inCli(async (app) => {
      const queries = app.get(QueryBus);
      const { headPosition } = await queries.execute(new HeadPositionQuery());
      const progress = progressReporter('audit', headPosition);
      const report = await queries.execute(
        new AuditQuery({ ...(at ? { at } : {}), onProgress: (position) => progress(position) }),
      );
      progress(report.chain.headPosition, true);
      process.stdout.write(
        values.format === 'csv' ? toCsv(report) : `${JSON.stringify(report, null, 2)}\n`,
      );
      const { chain } = report;
      const verdict =
        chain.ok === null
          ? `chain not checked (${chain.reason})`
          : chain.ok
            ? 'chain ok'
            : `chain BROKEN at position ${chain.brokenAt!.position} (${chain.brokenAt!.streamName}, ${chain.brokenAt!.type}): ${chain.brokenAt!.reason}`;
      process.stderr.write(`head ${chain.headPosition} ${chain.headHash ?? '-'}: ${verdict}\n`);
      process.stderr.write(
        `as of ${report.at}: through position ${report.through.position} ${report.through.hash ?? '-'}\n`,
      );
      const violated = report.invariants.filter((invariant) => !invariant.ok);
      for (const invariant of violated)
        process.stderr.write(`VIOLATED ${invariant.name}: ${invariant.detail}\n`);
      return violated.length === 0 && chain.ok !== false ? 0 : 3;
    });
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
      // Recorded in the log: a worker running meanwhile replays the same read models from 0 too (each
      // batch is applied once, by whichever of the two gets there first).
      const rebuild = new RebuildReadModels(runtime.store, runtime.readModels, runtime.clock);
      const { rebuilt, position } = await rebuild.request(values.projection, 'cli');
      const progress = progressReporter('rebuild', position);
      await replayProjections({
        eventStore: runtime.store,
        store: runtime.readModels,
        projections: allProjections().filter((projection) => rebuilt.includes(projection.name)),
        progress,
      });
      progress(position, true);
      console.log(JSON.stringify({ rebuilt, headPosition: position }));
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
    // A refusal reads as the api answers it (code and message); input the command refuses exits 2.
    const { status, body } = toErrorResponse(error);
    console.error(
      status >= 500 && error instanceof Error
        ? error.message
        : `${body.error.code}: ${body.error.message}`,
    );
    process.exit(status < 500 ? 2 : 1);
  },
);
