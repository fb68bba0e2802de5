/**
 * A child process for the embedded database's specs (run with `node tools/ts-run.js`): PGlite cannot start
 * inside Jest's VM, and a lock or a kill -9 needs a real process.
 *
 * - `serve`: start (DATA_DIR or in memory; EXTERNAL_PORT/EXTERNAL_PASSWORD for an operator port), print one
 *   JSON line `{ url, externalPort, pid }`, run until SIGTERM/SIGINT or stdin ends, stop, exit 0.
 * - `write`: open DATA_DIR and commit transactions forever (each inserts 50 rows and bumps a counter row to
 *   the rows' total), printing `committed <total>` after each commit. For kill -9.
 * - `check`: open DATA_DIR and print `{ rows, counter }` as JSON.
 * A start that fails (e.g. the folder is locked) prints the message on stderr and exits 1.
 */
import { Client } from 'pg';
import { EmbeddedPostgres } from '../embedded-postgres';

async function main(mode: string): Promise<void> {
  const dataDir = process.env['DATA_DIR'] || undefined;
  const externalPort = process.env['EXTERNAL_PORT'];
  const embedded = await EmbeddedPostgres.start({
    dataDir,
    externalPort: externalPort === undefined ? undefined : Number(externalPort),
    externalPassword: process.env['EXTERNAL_PASSWORD'],
  });
  const stop = async () => {
    await embedded.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  if (mode === 'serve') {
    console.log(JSON.stringify({ url: embedded.url, externalPort: embedded.externalPort, pid: process.pid }));
    process.stdin.resume();
    process.stdin.once('end', () => void stop());
    return;
  }
  const client = new Client({ connectionString: embedded.url });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS item (id serial PRIMARY KEY, payload text NOT NULL)');
  await client.query('CREATE TABLE IF NOT EXISTS counter (id int PRIMARY KEY, total int NOT NULL)');
  await client.query('INSERT INTO counter VALUES (1, 0) ON CONFLICT DO NOTHING');
  if (mode === 'check') {
    const rows = (await client.query('SELECT count(*)::int AS n FROM item')).rows[0].n as number;
    const counter = (await client.query('SELECT total FROM counter WHERE id = 1')).rows[0].total as number;
    console.log(JSON.stringify({ rows, counter }));
    await client.end();
    await stop();
    return;
  }
  if (mode !== 'write') throw new Error(`unknown mode ${mode}`);
  for (;;) {
    await client.query('BEGIN');
    await client.query(
      'INSERT INTO item (payload) SELECT repeat(md5(random()::text), 8) FROM generate_series(1, 50)',
    );
    const { rows } = await client.query(
      'UPDATE counter SET total = (SELECT count(*) FROM item) WHERE id = 1 RETURNING total',
    );
    await client.query('COMMIT');
    console.log(`committed ${rows[0].total as number}`);
  }
}

main(process.argv[2] ?? 'serve').catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
