import { ConfigError, loadConfig, type AppConfig } from './config';
import {
  claimDataFolder,
  DataFolderInUseError,
  preparePrivateFolder,
  type DataFolderLock,
} from './data-folder';

/**
 * What the api and the worker processes do first, before any lease, subscription or port: read and check
 * the configuration, then take the data folder. Without REDIS_URL the process is the embedded deployment
 * (local leases: it would run every consumer), so it takes the folder's exclusive lock; with REDIS_URL
 * several processes share the folder and the leases in Redis keep one consumer in one place.
 */
export const startProcess = (
  config: AppConfig = loadConfig(),
): { config: AppConfig; lock: DataFolderLock | null } => {
  if (config.redisUrl) {
    preparePrivateFolder(config.dataDir);
    return { config, lock: null };
  }
  return { config, lock: claimDataFolder(config.dataDir) };
};

/**
 * A start that cannot go on: one clear line for the known causes, exit code 1. A plain line, not JSON: the
 * logger's own settings (LOG_LEVEL) may be what is wrong.
 */
export const exitOnStartupError = (error: unknown): never => {
  console.error(
    error instanceof ConfigError || error instanceof DataFolderInUseError ? error.message : error,
  );
  process.exit(1);
};
