/** Runs `stop` once on SIGTERM or SIGINT, then exits: how the api and the worker processes end. */
export const stopOnSignal = (stop: () => Promise<void>): void => {
  const shutdown = async () => {
    await stop();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
};
