import { DataSource } from 'typeorm';

/** The SQL statements the app sends while `run` runs (TypeORM's query logger), transaction control left out. */
export async function statementsOf(dataSource: DataSource, run: () => Promise<void>): Promise<string[]> {
  const queries: string[] = [];
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query: string) => {
    queries.push(query);
  };
  const logging = dataSource.options.logging;
  Object.assign(dataSource.options, { logging: ['query'] });
  try {
    await run();
  } finally {
    Object.assign(dataSource.options, { logging });
    logger.logQuery = original;
  }
  return queries.filter((q) => !/^\s*(START TRANSACTION|COMMIT|ROLLBACK|BEGIN)/i.test(q));
}
