import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How an operator command reaches the running server that holds the embedded database (only one process
 * may open its folder): the server writes `DATA_DIR/control.json` (owner-only) with its pid, its loopback
 * URL and a random token; a command run by the same OS account reads it and calls the server's control
 * endpoint with the token. The file goes when the server stops.
 */
export interface ControlFile {
  pid: number;
  url: string;
  token: string;
  startedAt: string;
}

export const CONTROL_TOKEN_HEADER = 'x-control-token';

const controlPath = (dataDir: string): string => join(dataDir, 'control.json');

export function writeControlFile(dataDir: string, url: string): ControlFile {
  const control: ControlFile = {
    pid: process.pid,
    url,
    token: randomBytes(32).toString('hex'),
    startedAt: new Date().toISOString(),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(controlPath(dataDir), JSON.stringify(control), { mode: 0o600 });
  return control;
}

export function removeControlFile(dataDir: string, control: ControlFile): void {
  // only our own: a newer server may have replaced it
  if (readControlFile(dataDir)?.token === control.token) rmSync(controlPath(dataDir), { force: true });
}

/** The running server's control file, or null when there is none or its process is gone. */
export function readControlFile(dataDir: string): ControlFile | null {
  let control: ControlFile;
  try {
    control = JSON.parse(readFileSync(controlPath(dataDir), 'utf8')) as ControlFile;
  } catch {
    return null;
  }
  try {
    process.kill(control.pid, 0);
  } catch {
    return null;
  }
  return control;
}

export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
