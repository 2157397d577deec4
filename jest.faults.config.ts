/** @jest-config-loader ts-node */
/** @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';
import base from './jest.config';

/** The long fault suite (`npm run test:faults`): crashes, replicas, redelivery. One file at a time. */
const config: Config = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.faults.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 240_000,
  maxWorkers: 1,
};

export default config;
