// Runs in each test file's context before it loads: copies the run's environment (set by global setup).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const runDir = process.env['OUTFALL_TEST_RUN_DIR'];
if (runDir)
  Object.assign(
    process.env,
    JSON.parse(readFileSync(join(runDir, 'env.json'), 'utf8')) as Record<string, string>,
  );
