import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The redis-server binary, or why the Redis fault specs cannot run here. */
export function findRedisServer(): { path: string } | { missing: string } {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return path
    ? { path }
    : {
        missing:
          'redis-server is not installed (Debian: apt-get install redis-server); Redis fault specs skipped',
      };
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      reply += data.toString();
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
    socket.on('error', () => resolve(false));
  });
}

/**
 * A throwaway Redis the fault specs own: started as a child on its own port (never the shared 6379), stopped
 * and restarted at will. `persistent` keeps an append-only file across restarts (as docker-compose runs
 * Redis); without it a restart comes back empty.
 */
export class ThrowawayRedis {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'outfall-redis-'));

  constructor(
    readonly port: number,
    private readonly persistent = false,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    if (await answersPing(this.port)) {
      throw new Error(
        `port ${this.port} already has a Redis that this test does not own; free it or set FAULT_REDIS_PORT`,
      );
    }
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.dir];
    args.push('--appendonly', this.persistent ? 'yes' : 'no', '--daemonize', 'no', '--loglevel', 'warning');
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    for (let i = 0; i < 100; i++) {
      if (await answersPing(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`redis-server on port ${this.port} did not start`);
  }

  /** SIGKILL (a crash) or SIGTERM (a clean shutdown, which writes the append-only file). */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
