// Resolves the monorepo's `@threadtrak/<lib>` aliases to the compiled libs in dist/.
const path = require('node:path');
require('tsconfig-paths').register({
  baseUrl: path.join(__dirname, '..', 'dist'),
  paths: { '@threadtrak/*': ['libs/*/src'] },
  addMatchAll: false,
});
