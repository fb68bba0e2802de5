import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The PostgreSQL server binaries (initdb, pg_ctl) with PostGIS, or why a throwaway cluster cannot run here. */
export function findPostgresBin(): { bin: string } | { missing: string } {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const version = versions.find((v) => existsSync(`/usr/share/postgresql/${v}/extension/postgis.control`));
  return version
    ? { bin: join(root, version, 'bin') }
    : {
        missing:
          'no PostgreSQL server binaries with PostGIS under /usr/lib/postgresql; PostgreSQL fault specs skipped',
      };
}

/**
 * A throwaway PostgreSQL cluster the fault specs own: initdb in a temporary folder, its own port and socket
 * folder, started and stopped with pg_ctl (never the shared cluster on 5432). Run as the current user, or as
 * `postgres` when the current user is root (initdb refuses root).
 */
export class ThrowawayPostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'outfall-fault-pg-'));
  private readonly data = join(this.dir, 'data');
  private readonly asPostgres = userInfo().uid === 0;

  constructor(
    private readonly bin: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/outfall_outage_test`;
  }

  private run(tool: string, args: string[]): void {
    const command = [join(this.bin, tool), ...args];
    const result = this.asPostgres
      ? spawnSync('runuser', ['-u', 'postgres', '--', ...command], { encoding: 'utf8' })
      : spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout}`);
  }

  init(): void {
    if (this.asPostgres) {
      const { uid, gid } = { uid: Number(idOf('-u')), gid: Number(idOf('-g')) };
      chownSync(this.dir, uid, gid);
    }
    chmodSync(this.dir, 0o700);
    this.run('initdb', ['-D', this.data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  }

  start(): void {
    this.run('pg_ctl', [
      '-D',
      this.data,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  }

  /** `fast`: what an operator's restart or a failover does (sessions are terminated with 57P01). */
  stop(): void {
    this.run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  createDatabase(): void {
    this.run('createdb', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      'outfall_outage_test',
    ]);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function idOf(flag: '-u' | '-g'): string {
  return spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim();
}
