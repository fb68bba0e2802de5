import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..', '..', '..');

/** A spawned `embedded-child.ts` (see there), with its output collected. */
export class EmbeddedChild {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(mode: 'serve' | 'write' | 'check', env: Record<string, string> = {}) {
    this.child = spawn(
      process.execPath,
      [join(ROOT, 'tools', 'ts-run.js'), join(__dirname, 'embedded-child.ts'), mode],
      {
        cwd: ROOT,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.child.stdout?.on('data', (data: Buffer) => (this.stdout += data.toString()));
    this.child.stderr?.on('data', (data: Buffer) => (this.stderr += data.toString()));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Resolves when stdout has a line matching `pattern` (rejects if the process exits first). */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`child exited before ${pattern}: ${this.stderr || this.stdout}`);
      }
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms: ${this.stderr}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }
}
