import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..', '..', '..');
export const DIST = join(ROOT, 'dist', 'apps', 'api');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** One built entry point (`main`, `worker`, `cli`) running as a child, its output in a log file. */
export class NodeProcess {
  readonly child: ChildProcess;
  readonly log: string;
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    entry: 'main' | 'worker' | 'cli',
    env: Record<string, string>,
    logDir: string,
    args: string[] = [],
  ) {
    mkdirSync(logDir, { recursive: true });
    this.log = join(logDir, `${name}.log`);
    const out = createWriteStream(this.log);
    this.child = spawn(process.execPath, [join(DIST, `${entry}.js`), ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.pipe(out);
    this.child.stderr?.pipe(out);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  tail(lines = 30): string {
    try {
      return readFileSync(this.log, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  output(): string {
    try {
      return readFileSync(this.log, 'utf8');
    } catch {
      return '';
    }
  }

  /** Waits until `url` answers 200, or fails with the process's log tail. */
  async healthy(url: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited before it was healthy:\n${this.tail()}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`${this.name} not healthy in ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended (`killed`: it needed the SIGKILL). */
  async stop(graceMs = 30_000): Promise<{ name: string; killed: boolean }> {
    let killed = false;
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => {
        killed = true;
        this.child.kill('SIGKILL');
      }, graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    return { name: this.name, killed };
  }
}
