import { join } from 'node:path';

export const WORKSPACE = join(__dirname, '..', '..', '..', '..');
export const API_MAIN = join(WORKSPACE, 'dist', 'apps', 'api', 'main.js');
export const SPA_DIR = join(WORKSPACE, 'dist', 'apps', 'admin');
export const TMP = join(WORKSPACE, 'tmp');
export const SCREENSHOTS = join(TMP, 'e2e-screenshots');
export const API_LOG = join(TMP, 'admin-e2e-api.log');
/** Set by the global setup (or by you, to test a server that is already running). */
export const BASE_URL_ENV = 'ADMIN_E2E_BASE_URL';
