'use strict';
/**
 * Emmett's event stores, each from its own small package folder (bench/stores/*): their peer versions
 * conflict, and the main install stays free of them. `npm run bench` installs them (bench/run.js).
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const STORES = join(__dirname, '..', 'stores');

const load = (folder, pkg) => {
  const path = join(STORES, folder, 'node_modules', pkg);
  if (!existsSync(path)) return { error: `${pkg} is not installed in bench/stores/${folder}` };
  try {
    return { module: require(path) };
  } catch (error) {
    return { error: `${pkg} failed to load: ${error.message}` };
  }
};

const emmettSqlite = () => load('emmett-sqlite', '@event-driven-io/emmett-sqlite');
const emmettPostgresql = () => load('emmett-postgresql', '@event-driven-io/emmett-postgresql');

module.exports = { emmettSqlite, emmettPostgresql, STORES };
