import { BackupError, BackupService, ControlToken, readManifest } from '@outfall/backup';
import { FileStorage } from '@outfall/common';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expectError, TestApp } from './support/test-app';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('a photo, with a line\nbreak and 中文 and a quote " and a backslash \\'),
]);

/** Every data table and its row count. */
async function counts(t: TestApp): Promise<Record<string, number>> {
  const tables = await t.dataSource.query<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public'
        AND tablename NOT IN ('migrations', 'spatial_ref_sys') ORDER BY tablename`,
  );
  const result: Record<string, number> = {};
  for (const { tablename } of tables) result[tablename] = await t.count(`"${tablename}"`);
  return result;
}

describe('backup and restore drill', () => {
  let t: TestApp;
  let dir: string;
  let outfallId: string;

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 12 });
    dir = mkdtempSync(join(tmpdir(), 'outfall-backup-'));
    const eco = await t.auth('eco_officer');
    const list = await t.http.get('/api/v1/outfalls').query({ limit: 1 }).set(eco);
    outfallId = list.body.items[0].id;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const download = async (path: string, username = 'eco_officer') =>
    t.http
      .get(path)
      .set(await t.auth(username))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('backs up, survives a wipe, and restores the same rows and byte-identical files', async () => {
    const eco = await t.auth('eco_officer');
    const photo = await t.http
      .post(`/api/v1/outfalls/${outfallId}/attachments`)
      .set(eco)
      .field('kind', 'photo')
      .attach('file', PNG, '整治前.png');
    expect(photo.status).toBe(201);
    const exported = await t.http.post('/api/v1/outfalls/exports').set(eco).send({});
    expect(exported.status).toBe(202);
    const report = await t.download(exported.body.id);
    const photoPath = `/api/v1/outfalls/${outfallId}/attachments/${photo.body.id}`;
    const reportPath = `/api/v1/jobs/${exported.body.id}/download`;
    const before = await counts(t);
    expect(before['outfall']).toBeGreaterThan(0);
    expect(before['audit_log']).toBeGreaterThan(0);

    const storage = t.app.get(FileStorage);
    const stored: string[] = [];
    for await (const key of storage.list()) stored.push(key);
    expect(stored).toHaveLength(new Set(stored).size);
    expect(stored.length).toBeGreaterThanOrEqual(2); // the photo and the export, and earlier specs' files

    const backups = t.app.get(BackupService);
    const target = join(dir, 'drill');
    const summary = await backups.backup(target);
    expect(summary.files).toBe(stored.length);
    const manifest = await readManifest(target);
    expect(manifest.tables).toEqual(before);
    // geometry travels as PostGIS's own text form, readable back by the column type
    const outfallRows = gunzipSync(readFileSync(join(target, 'tables', 'outfall.jsonl.gz')))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(outfallRows).toHaveLength(before['outfall']);

    // the wipe: every row and every stored file gone
    const names = Object.keys(before).map((name) => `"${name}"`);
    await t.dataSource.query(`TRUNCATE ${names.join(', ')} CASCADE`);
    for await (const key of storage.list()) await storage.remove(key);
    expect(await t.count('outfall')).toBe(0);

    await backups.restore(target);
    expect(await counts(t)).toEqual(before);
    const photoBack = await download(photoPath);
    expect(photoBack.status).toBe(200);
    expect(Buffer.compare(photoBack.body as Buffer, PNG)).toBe(0);
    const reportBack = await download(reportPath);
    expect(reportBack.status).toBe(200);
    expect(Buffer.compare(reportBack.body as Buffer, report)).toBe(0);
    // the restored database works: reads, writes and the append-only audit trail
    const detail = await t.http.get(`/api/v1/outfalls/${outfallId}`).set(eco);
    expect(detail.status).toBe(200);
    await expect(t.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow();
  });

  it('refuses a damaged backup before it changes anything', async () => {
    const backups = t.app.get(BackupService);
    const target = join(dir, 'damaged');
    await backups.backup(target);
    const manifest = await readManifest(target);
    const rowsBefore = await t.count('outfall');
    writeFileSync(join(target, 'files', manifest.files[0].key), 'not the photo');
    await expect(backups.restore(target)).rejects.toThrow(BackupError);
    await expect(backups.restore(target)).rejects.toThrow(/damaged/);
    expect(await t.count('outfall')).toBe(rowsBefore);
    await expect(backups.backup(target)).rejects.toThrow(/not empty/);
  });

  it('a download whose stored file is missing answers 404 with a code', async () => {
    const eco = await t.auth('eco_officer');
    const photo = await t.http
      .post(`/api/v1/outfalls/${outfallId}/attachments`)
      .set(eco)
      .field('kind', 'photo')
      .attach('file', PNG, 'lost.png');
    const exported = await t.http.post('/api/v1/outfalls/exports').set(eco).send({});
    await t.download(exported.body.id);
    const storage = t.app.get(FileStorage);
    for await (const key of storage.list()) await storage.remove(key);
    expectError(
      await t.http.get(`/api/v1/outfalls/${outfallId}/attachments/${photo.body.id}`).set(eco),
      404,
      'STORED_FILE_MISSING',
    );
    const job = await t.http.get(`/api/v1/jobs/${exported.body.id}/download`).set(eco);
    expectError(job, 404, 'STORED_FILE_MISSING');
    expect(job.headers['content-disposition']).toBeUndefined();
  });

  it('the control endpoint answers only to the control file’s token (what `cli backup` uses)', async () => {
    const path = '/api/v1/system/backups';
    const target = join(dir, 'through-the-server');
    expectError(await t.http.post(path).send({ dir: target }), 404, 'NOT_FOUND');
    const token = 'c'.repeat(64);
    t.app.get(ControlToken).control = { pid: process.pid, url: '', token, startedAt: '' };
    try {
      expectError(
        await t.http.post(path).set('X-Control-Token', 'd'.repeat(64)).send({ dir: target }),
        404,
        'NOT_FOUND',
      );
      const made = await t.http.post(path).set('X-Control-Token', token).send({ dir: target });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ dir: target, tables: expect.any(Number), rows: expect.any(Number) });
      expect((await readManifest(target)).tables['outfall']).toBe(await t.count('outfall'));
      const again = await t.http.post(path).set('X-Control-Token', token).send({ dir: target });
      expectError(again, 409, 'BACKUP_REFUSED');
    } finally {
      t.app.get(ControlToken).control = null;
    }
  });
});
