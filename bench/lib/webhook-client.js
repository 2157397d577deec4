'use strict';
/**
 * The webhooks' yardstick: a bare loop posting `count` signed JSON bodies to `url` with `concurrency`
 * requests in flight, through the same client (Node's fetch) and the same signing as the service, and
 * nothing else (no log, no schedule). `node bench/lib/webhook-client.js URL COUNT CONCURRENCY`.
 */
const { createHmac } = require('node:crypto');

const [url, count, concurrency] = [
  process.argv[2],
  Number(process.argv[3]),
  Number(process.argv[4]),
];
const secret = 'whsec_bench';

const main = async () => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const body = JSON.stringify({
          id: `evt_bare_${i}`,
          type: 'commission.earned',
          createdAt: new Date().toISOString(),
          data: { commissionId: `c-${i}`, affiliateId: 'aff_bench', amountCents: 1000 + i },
        });
        const t = Math.floor(Date.now() / 1000);
        const signature = `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
        const response = await fetch(url, {
          method: 'POST',
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
          headers: { 'content-type': 'application/json', 'ThreadTrak-Signature': signature },
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`status ${response.status}`);
      }
    }),
  );
  process.stdout.write(`${JSON.stringify({ sent: count })}\n`);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
