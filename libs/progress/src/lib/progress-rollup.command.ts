import { INestApplicationContext } from '@nestjs/common';
import { beijingToday, Principal } from '@outfall/common';
import { ProgressRollupService } from './progress-rollup.service';
import { ProgressService } from './progress.service';
import { nextQuarter, quarterEnd, quarterOf } from './quarter.util';

const CITY: Principal = {
  kind: 'user',
  id: 'system',
  name: 'system',
  unitId: null,
  role: null,
  apiKeyScope: null,
  permissions: [],
  jurisdiction: { cityWide: true, divisionId: null, divisionPath: null },
  sectorCategories: [],
};

/** Every quarter end from `from` to `to` that is not in the future (today instead of a future quarter end). */
export function quarterEnds(from: string, to: string, today = beijingToday()): string[] {
  const days: string[] = [];
  for (let q = quarterOf(from); quarterEnd(q) <= to; q = nextQuarter(q)) {
    const end = quarterEnd(q);
    if (end > today) {
      if (!days.includes(today) && today >= from) days.push(today);
      break;
    }
    days.push(end);
  }
  return days;
}

/**
 * The (asOf, knownAt) pairs to verify: each quarter end as known now and as known at its own end, and as known
 * at each extra knowledge day on or after it.
 */
export function verifyDays(asOfs: string[], knownAts: string[]): { asOf: string; knownAt: string | null }[] {
  const out: { asOf: string; knownAt: string | null }[] = [];
  for (const asOf of asOfs) {
    out.push({ asOf, knownAt: null }, { asOf, knownAt: asOf });
    for (const knownAt of knownAts) if (knownAt > asOf) out.push({ asOf, knownAt });
  }
  return out;
}

const option = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** `progress:rollup [--rebuild]`: brings the roll-up up to date; with --rebuild, recomputes every outfall. */
export async function progressRollupCommand(app: INestApplicationContext, args: string[]): Promise<void> {
  const rollup = app.get(ProgressRollupService);
  if (args.includes('--rebuild')) await rollup.markAll();
  const started = Date.now();
  const count = await rollup.catchUp();
  console.log(`progress roll-up: ${count} outfall(s) recomputed in ${Date.now() - started} ms`);
}

/**
 * `progress:verify [--from d] [--to d] [--known-at d,d]`: recomputes progress from the raw rows and compares
 * every figure of every breakdown with the roll-up. Returns false (exit code 1) on any difference.
 */
export async function progressVerifyCommand(app: INestApplicationContext, args: string[]): Promise<boolean> {
  const from = option(args, '--from') ?? '2023-01-01';
  const to = option(args, '--to') ?? '2026-12-31';
  const knownAts = (option(args, '--known-at') ?? '').split(',').filter(Boolean);
  const days = verifyDays(quarterEnds(from, to), knownAts);
  const results = await app.get(ProgressService).verify(days, CITY);
  let ok = true;
  for (const result of results) {
    const label = `${result.asOf}${result.knownAt ? ` known at ${result.knownAt}` : ''}`;
    if (result.differences.length) {
      ok = false;
      console.log(`${label}: ${result.differences.length} difference(s)`);
      for (const line of result.differences.slice(0, 20)) console.log(`  ${line}`);
    } else console.log(`${label}: every figure agrees`);
  }
  console.log(
    ok ? `${results.length} day(s) verified: the roll-up agrees with the raw recompute` : 'DIFFERENCES',
  );
  return ok;
}
