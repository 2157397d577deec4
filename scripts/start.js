// `npm start`: builds what changed since the last build (scripts/build.js), then runs api + worker
// in this same process, so a restart with nothing changed costs one hash of the sources.
const { buildChanged } = require('./build');

buildChanged(['api', 'web']);
require('./register-paths');
require('../dist/apps/api/src/main.js');
