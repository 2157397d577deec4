import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ReattributeCommand } from '../../api/src/admin/reattribute.command';
import { HeadPositionQuery } from '../../api/src/health/head-position.query';
import { inCli } from './cli.module';
import { progressReporter } from './progress';

export const REATTRIBUTE_HELP = `Usage: npm run cli -- reattribute --from INSTANT --to INSTANT [--rules rules.json] [--apply] [--format json|table]

Re-decides the orders paid in [from, to) under the given rules (a JSON file of overrides of the current
rules: cookieWindowDays, attributionModel, holdDays, defaultRateBps; default: the current rules).
Without --apply it is a dry run: it prints the orders whose affiliate or commission would change and the
delta per affiliate, and writes nothing. With --apply it appends the difference as compensating events
tagged with the re-attribution id; applying the same re-attribution again changes nothing.
It is the command POST /v1/admin/reattributions dispatches: the same request answers the same.
`;

export const reattributeCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      rules: { type: 'string' },
      apply: { type: 'boolean', default: false },
      format: { type: 'string', default: 'table' },
    },
  });
  if (!values.from || !values.to) {
    process.stderr.write(REATTRIBUTE_HELP);
    return 2;
  }
  const rules = values.rules ? JSON.parse(readFileSync(values.rules, 'utf8')) : undefined;
  return inCli(async (app) => {
    const started = Date.now();
    const { headPosition } = await app.get(QueryBus).execute(new HeadPositionQuery());
    const progress = progressReporter('scan', headPosition);
    const result = await app.get(CommandBus).execute(
      new ReattributeCommand(
        {
          from: values.from!,
          to: values.to!,
          ...(rules ? { rules } : {}),
          dryRun: !values.apply,
        },
        'cli',
        (scanned) => progress(scanned),
      ),
    );
    if (values.format === 'json') {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    console.log(
      `re-attribution ${result.reattributionId} — ${values.apply ? 'applied' : 'dry run'}; ${result.ordersExamined} order(s) examined in ${((Date.now() - started) / 1000).toFixed(1)} s, ${result.changes.length} change(s)`,
    );
    for (const change of result.changes) {
      console.log(
        `  ${change.orderId}: ${change.before.affiliateId ?? '—'} ${change.before.commissionCents} → ${change.after.affiliateId ?? '—'} ${change.after.commissionCents}`,
      );
    }
    console.log('delta per affiliate:');
    for (const delta of result.deltaByAffiliate)
      console.log(`  ${delta.affiliateId}: ${delta.deltaCents > 0 ? '+' : ''}${delta.deltaCents}`);
    return 0;
  });
};
