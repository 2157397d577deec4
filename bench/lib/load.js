'use strict';
/** autocannon as a library: one run, reduced to the figures the table needs. */
const autocannon = require('autocannon');

/**
 * `duration` (s) or `amount` (requests). `expect` is the status that counts as success; the
 * throughput is successes per second of the run.
 */
const load = (options) =>
  new Promise((resolve, reject) => {
    const {
      url,
      connections = 50,
      duration,
      amount,
      headers,
      setupClient,
      expect = 200,
      requests,
    } = options;
    const started = process.hrtime.bigint();
    autocannon(
      {
        url,
        connections,
        pipelining: 1,
        ...(amount ? { amount } : { duration }),
        headers,
        requests,
        setupClient,
        timeout: 10,
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const ok = result.statusCodeStats?.[String(expect)]?.count ?? 0;
        resolve({
          rps: Math.round(ok / (amount ? seconds : result.duration)),
          p50: result.latency.p50,
          p99: result.latency.p99,
          ok,
          other: result.requests.total - ok,
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
  });

module.exports = { load };
