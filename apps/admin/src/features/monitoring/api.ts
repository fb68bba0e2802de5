import type { Page } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { downloadFile } from '../../api/file-download';
import { api, dataOf, refinedDataOf } from '../../api/api-client';
import { definedOnly, requestJson } from '../../api/http-client';
import { importForm } from '../imports/api';
import type { PageParams } from '../../api/schemas';
import type { ImportMode } from '../imports/types';
import type { QueuedJob } from '../jobs/types';
import type {
  ChronicRow,
  ExceedanceRow,
  ExceedanceSort,
  Indicator,
  MonitoringFilter,
  MonitoringLedgerKind,
  MonitoringStatus,
  SampleInput,
  SampleRow,
  TracingInput,
  TracingRow,
} from './types';

const V1 = '/api/v1';

export function listIndicators(signal?: AbortSignal): Promise<Indicator[]> {
  return dataOf(api.GET('/api/v1/indicators', { signal }));
}

/** Samples with their readings and assessments. */
export function listSamples(
  params: PageParams & MonitoringFilter & { sort?: 'sampledAt' | '-sampledAt' },
  signal?: AbortSignal,
): Promise<Page<SampleRow>> {
  return refinedDataOf(api.GET('/api/v1/samples', { params: { query: params }, signal }));
}

/** Exceeding readings (超标) with the limit applied and the multiple. */
export function listExceedances(
  params: PageParams & MonitoringFilter & { sort?: ExceedanceSort },
  signal?: AbortSignal,
): Promise<Page<ExceedanceRow>> {
  return refinedDataOf(api.GET('/api/v1/exceedances', { params: { query: params }, signal }));
}

/** Outfalls where most of the latest samples exceed (长期超标). */
export function listChronic(
  params: PageParams & MonitoringFilter,
  signal?: AbortSignal,
): Promise<Page<ChronicRow>> {
  return refinedDataOf(api.GET('/api/v1/exceedances/chronic', { params: { query: params }, signal }));
}

/** One sample entered by hand; the same outfall + time + source updates that sample. */
export function createSample(input: SampleInput): Promise<SampleRow> {
  return refinedDataOf(api.POST('/api/v1/samples', { body: input }));
}

export function startSampleImport(file: File, mode: ImportMode): Promise<QueuedJob> {
  // multipart (FormData) through requestJson, like every upload: the contract's body has no file field
  return requestJson<QueuedJob>('POST', `${V1}/samples/imports`, { body: importForm(file, mode) });
}

export function downloadSampleTemplate(): Promise<void> {
  return downloadFile(`${V1}/samples/import-template`, '监测数据导入模板.xlsx');
}

/** Queues the water-quality, tracing or pollution-source ledger with the list's filters. */
export function startMonitoringLedger(
  kind: MonitoringLedgerKind,
  filter: MonitoringFilter,
): Promise<QueuedJob> {
  return dataOf(api.POST('/api/v1/monitoring/ledgers', { body: { kind, ...definedOnly(filter) } }));
}

export function getMonitoringStatus(outfallId: string, signal?: AbortSignal): Promise<MonitoringStatus> {
  return refinedDataOf(
    api.GET('/api/v1/outfalls/{id}/monitoring-status', { params: { path: { id: outfallId } }, signal }),
  );
}

export function listTracing(
  params: PageParams & MonitoringFilter,
  signal?: AbortSignal,
): Promise<Page<TracingRow>> {
  return refinedDataOf(
    api.GET('/api/v1/tracing', { params: { query: { ...params, sort: '-tracedOn' } }, signal }),
  );
}

export function createTracing(outfallId: string, input: TracingInput): Promise<TracingRow> {
  return refinedDataOf(
    api.POST('/api/v1/outfalls/{id}/tracing', { params: { path: { id: outfallId } }, body: input }),
  );
}

export interface IndicatorLookup {
  indicators: Indicator[];
  /** The indicator's name in the current language (the code when unknown). */
  name(code: string): string;
  /** The indicator's unit, if any. */
  unit(code: string): string | undefined;
}

/** The indicator catalogue for selects and column labels (it changes rarely). */
export function useIndicators(): IndicatorLookup {
  const { locale } = useI18n();
  const query = useQuery({
    queryKey: ['indicators'],
    queryFn: ({ signal }) => listIndicators(signal),
    staleTime: 5 * 60_000,
  });
  return useMemo(() => {
    const indicators = [...(query.data ?? [])].sort((a, b) => a.sortOrder - b.sortOrder);
    const byCode = new Map(indicators.map((indicator) => [indicator.code, indicator]));
    return {
      indicators,
      name: (code) => {
        const indicator = byCode.get(code);
        if (!indicator) return code;
        return locale === 'en-US' ? indicator.nameEn : indicator.nameZh;
      },
      unit: (code) => byCode.get(code)?.unit ?? undefined,
    };
  }, [query.data, locale]);
}
