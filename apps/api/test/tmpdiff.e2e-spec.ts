import { DataSource } from 'typeorm';
import { TestApp } from './support/test-app';
it('diff', async () => {
  const t = await TestApp.create();
  const sql = await t.app.get(DataSource).driver.createSchemaBuilder().log();
  require('fs').writeFileSync('/tmp/tasks-diff.sql', sql.upQueries.map((q) => q.query + ';').join('\n'));
  await t.close();
}, 300000);
