// Writes the API's entry points at dist/apps/api/*.js next to the compiled tree.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const out = join(__dirname, '..', 'dist', 'apps', 'api');
for (const name of ['main', 'cli', 'worker']) {
  writeFileSync(join(out, `${name}.js`), `require('./apps/api/src/${name}.js');\n`);
}
