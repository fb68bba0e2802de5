import { Permission, Role, UnitKind, VIOLATION_KIND_LABELS, ViolationKind } from '@outfall/shared-types';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Image,
  Input,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { listUnits } from '../../units/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ReportOutcomeTag, ReportStatusTag } from './public-pages';
import {
  assignReport,
  getReport,
  listReports,
  photoUrl,
  recordOutcome,
  replyReport,
  type OutcomeInput,
  type PublicReportDetail,
  type PublicReportRow,
  type ReportFilter,
  type ReportOutcome,
  type ReportStatus,
} from './public-reports.api';

const PAGE_SIZE = 20;
const SORT_KEYS = ['receivedOn', 'trackingNo', 'status', 'dueOn'];
const STATUSES: ReportStatus[] = ['received', 'assigned', 'closed'];
const COORDINATOR_ROLES: string[] = [Role.SystemAdmin, Role.EcologyBranch, Role.WaterBureau];
const OUTCOMES: ReportOutcome[] = ['valid', 'invalid', 'duplicate'];

function readView(params: URLSearchParams) {
  const filter: ReportFilter = {
    status: (params.get('status') as ReportStatus) || undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
    unitId: params.get('unitId') || undefined,
    divisionId: params.get('divisionId') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
    q: params.get('q') || undefined,
  };
  const sortParam = params.get('sort') ?? undefined;
  const sort = sortParam && SORT_KEYS.includes(sortParam.replace(/^-/, '')) ? sortParam : undefined;
  return { filter, page: Number(params.get('page')) || 1, sort, report: params.get('report') ?? undefined };
}
type View = ReturnType<typeof readView>;

function writeView(view: View): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries(view.filter))
    if (value !== undefined && value !== '') next.set(key, String(value));
  if (view.page > 1) next.set('page', String(view.page));
  if (view.sort) next.set('sort', view.sort);
  if (view.report) next.set('report', view.report);
  return next;
}

function useUnits() {
  return useQuery({
    queryKey: ['units', 'all'],
    queryFn: ({ signal }) => listUnits({ limit: 200, offset: 0 }, signal),
    staleTime: 5 * 60_000,
  });
}

/** A photo loaded with the session's token. */
function Photo({ reportId, photoId }: { reportId: string; photoId: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let url: string | undefined;
    void photoUrl(reportId, photoId).then((u) => {
      url = u;
      setSrc(u);
    });
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [reportId, photoId]);
  return src ? <Image src={src} width={120} height={90} style={{ objectFit: 'cover' }} /> : null;
}

function ReportDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const { t, label } = useI18n();
  const { me, can } = useAuth();
  const client = useQueryClient();
  const units = useUnits();
  const report = useQuery({
    queryKey: ['public-reports', 'detail', id],
    queryFn: ({ signal }) => getReport(id, signal),
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [assignForm] = Form.useForm<{ unitId: string; dueOn?: dayjs.Dayjs; note?: string }>();
  const [outcomeForm] = Form.useForm<{
    outcome: ReportOutcome;
    publicReply: string;
    note?: string;
    outfallId?: string;
    duplicateOfId?: string;
    remediationPlanId?: string;
    openCase?: boolean;
    caseKind?: ViolationKind;
  }>();
  const [replyForm] = Form.useForm<{ publicReply: string }>();
  const outcome = Form.useWatch('outcome', outcomeForm);
  const openCase = Form.useWatch('openCase', outcomeForm);
  const r: PublicReportDetail | undefined = report.data;
  // the ecology branch and the water bureau (river-chief office) assign; the API decides in the end
  const coordinator = COORDINATOR_ROLES.includes(me?.role ?? '');

  const run = async (action: () => Promise<unknown>, reset?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      reset?.();
      await client.invalidateQueries({ queryKey: ['public-reports'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const outfalls = r?.candidates.filter((c) => c.kind === 'outfall') ?? [];
  const reports = r?.candidates.filter((c) => c.kind === 'report') ?? [];

  return (
    <Drawer open width={720} onClose={onClose} title={r?.trackingNo ?? ''} data-testid="report-drawer">
      {report.error ? (
        <ApiErrorAlert error={report.error} title={t('common.loadError')} />
      ) : r ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('publicReports.col.status')}>
              <span data-testid="report-status">
                <ReportStatusTag status={r.status} />
              </span>
              {r.overdue && <Tag color="red">{t('publicReports.overdue')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('publicReports.col.receivedOn')}>{r.receivedOn}</Descriptions.Item>
            <Descriptions.Item label={t('publicReports.col.township')}>
              {r.divisionName ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('publicReports.location')}>
              {r.longitude}, {r.latitude}
            </Descriptions.Item>
            <Descriptions.Item label={t('publicReports.col.unit')}>
              {r.assignedUnitName ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('publicReports.col.dueOn')}>{r.dueOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('publicReports.contact')} span={2}>
              {r.contact ?? t('publicReports.anonymousShort')}
            </Descriptions.Item>
            <Descriptions.Item label={t('publicReports.description')} span={2}>
              {r.description}
            </Descriptions.Item>
            {r.outcome && (
              <Descriptions.Item label={t('publicReports.col.outcome')} span={2}>
                <ReportOutcomeTag outcome={r.outcome} /> {r.outcomeNote}
                {r.enforcementCaseId && (
                  <Typography.Link
                    href={`/enforcement?case=${r.enforcementCaseId}`}
                    data-testid="report-case-link"
                  >
                    {' '}
                    {t('publicReports.caseLink')}
                  </Typography.Link>
                )}
              </Descriptions.Item>
            )}
            {r.publicReply && (
              <Descriptions.Item label={t('publicReports.reply')} span={2}>
                {r.publicReply}
              </Descriptions.Item>
            )}
          </Descriptions>
          {r.photos.length > 0 && (
            <Image.PreviewGroup>
              <Space>
                {r.photos.map((p) => (
                  <Photo key={p.id} reportId={r.id} photoId={p.id} />
                ))}
              </Space>
            </Image.PreviewGroup>
          )}
          <Typography.Title level={5}>
            {t('publicReports.candidates', { meters: r.candidateMeters })}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(c) => `${c.kind}:${c.id}`}
            pagination={false}
            dataSource={r.candidates}
            data-testid="report-candidates"
            locale={{ emptyText: t('publicReports.noCandidates') }}
            columns={[
              {
                title: t('publicReports.candidateKind'),
                dataIndex: 'kind',
                width: 90,
                render: (kind: 'outfall' | 'report') => t(`publicReports.candidate.${kind}`),
              },
              { title: t('publicReports.candidateCode'), dataIndex: 'code', width: 170 },
              { title: t('publicReports.candidateName'), dataIndex: 'name', ellipsis: true },
              {
                title: t('publicReports.distance'),
                dataIndex: 'distance',
                width: 90,
                render: (m: number) => `${m} m`,
              },
            ]}
          />
          {error !== null && <ApiErrorAlert error={error} title={t('publicReports.saveFailed')} />}
          {r.status !== 'closed' && (
            <Tabs
              items={[
                ...(coordinator
                  ? [
                      {
                        key: 'assign',
                        label: t('publicReports.assign'),
                        children: (
                          <Form
                            form={assignForm}
                            layout="vertical"
                            onFinish={(v) =>
                              void run(
                                () =>
                                  assignReport(r.id, {
                                    unitId: v.unitId,
                                    dueOn: v.dueOn?.format('YYYY-MM-DD'),
                                    note: v.note,
                                    version: r.version,
                                  }),
                                () => assignForm.resetFields(),
                              )
                            }
                          >
                            <Form.Item
                              name="unitId"
                              label={t('publicReports.col.unit')}
                              rules={[{ required: true }]}
                            >
                              <Select
                                showSearch
                                optionFilterProp="label"
                                data-testid="assign-unit"
                                options={(units.data?.items ?? [])
                                  .filter((u) => u.kind !== UnitKind.EcologyBranch)
                                  .map((u) => ({ value: u.id, label: u.name }))}
                              />
                            </Form.Item>
                            <Form.Item
                              name="dueOn"
                              label={t('publicReports.col.dueOn')}
                              extra={t('publicReports.dueHint')}
                            >
                              <DatePicker data-testid="assign-due" />
                            </Form.Item>
                            <Form.Item name="note" label={t('publicReports.internalNote')}>
                              <Input.TextArea rows={2} />
                            </Form.Item>
                            <Button
                              type="primary"
                              htmlType="submit"
                              loading={busy}
                              data-testid="assign-submit"
                            >
                              {t('publicReports.assign')}
                            </Button>
                          </Form>
                        ),
                      },
                    ]
                  : []),
                {
                  key: 'outcome',
                  label: t('publicReports.recordOutcome'),
                  children: (
                    <Form
                      form={outcomeForm}
                      layout="vertical"
                      onFinish={(v) => {
                        const body: OutcomeInput = {
                          outcome: v.outcome,
                          publicReply: v.publicReply,
                          note: v.note || undefined,
                          outfallId: v.outfallId || undefined,
                          remediationPlanId: v.remediationPlanId?.trim() || undefined,
                          duplicateOfId: v.outcome === 'duplicate' ? v.duplicateOfId : undefined,
                          openCase:
                            v.outcome === 'valid' && v.openCase && v.caseKind
                              ? { kind: v.caseKind }
                              : undefined,
                          version: r.version,
                        };
                        void run(() => recordOutcome(r.id, body));
                      }}
                    >
                      <Form.Item
                        name="outcome"
                        label={t('publicReports.col.outcome')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          data-testid="outcome-select"
                          options={OUTCOMES.map((o) => ({
                            value: o,
                            label: t(`publicReports.outcome.${o}`),
                          }))}
                        />
                      </Form.Item>
                      {outcome === 'duplicate' && (
                        <Form.Item
                          name="duplicateOfId"
                          label={t('publicReports.duplicateOf')}
                          rules={[{ required: true }]}
                        >
                          <Select
                            options={reports.map((c) => ({
                              value: c.id,
                              label: `${c.code}（${c.distance} m）`,
                            }))}
                          />
                        </Form.Item>
                      )}
                      {outcome !== 'invalid' && (
                        <Form.Item name="outfallId" label={t('publicReports.linkOutfall')}>
                          <Select
                            allowClear
                            data-testid="outcome-outfall"
                            options={outfalls.map((c) => ({
                              value: c.id,
                              label: `${c.code} ${c.name}（${c.distance} m）`,
                            }))}
                          />
                        </Form.Item>
                      )}
                      {outcome === 'valid' && (
                        <>
                          <Form.Item name="remediationPlanId" label={t('publicReports.linkPlan')}>
                            <Input placeholder="UUID" />
                          </Form.Item>
                          {can(Permission.EnforcementWrite) && (
                            <Form.Item name="openCase" valuePropName="checked">
                              <Checkbox data-testid="outcome-open-case">
                                {t('publicReports.openCase')}
                              </Checkbox>
                            </Form.Item>
                          )}
                          {openCase && (
                            <Form.Item
                              name="caseKind"
                              label={t('publicReports.caseKind')}
                              rules={[{ required: true }]}
                            >
                              <Select
                                data-testid="outcome-case-kind"
                                options={Object.values(ViolationKind).map((k) => ({
                                  value: k,
                                  label: label(VIOLATION_KIND_LABELS, k),
                                }))}
                              />
                            </Form.Item>
                          )}
                        </>
                      )}
                      <Form.Item
                        name="publicReply"
                        label={t('publicReports.reply')}
                        extra={t('publicReports.replyHint')}
                        rules={[{ required: true, min: 5, max: 2000 }]}
                      >
                        <Input.TextArea rows={3} data-testid="outcome-reply" />
                      </Form.Item>
                      <Form.Item name="note" label={t('publicReports.internalNote')}>
                        <Input.TextArea rows={2} />
                      </Form.Item>
                      <Button type="primary" htmlType="submit" loading={busy} data-testid="outcome-submit">
                        {t('publicReports.recordOutcome')}
                      </Button>
                    </Form>
                  ),
                },
                {
                  key: 'reply',
                  label: t('publicReports.progressReply'),
                  children: (
                    <Form
                      form={replyForm}
                      layout="vertical"
                      onFinish={(v) =>
                        void run(
                          () => replyReport(r.id, { publicReply: v.publicReply, version: r.version }),
                          () => replyForm.resetFields(),
                        )
                      }
                    >
                      <Form.Item
                        name="publicReply"
                        label={t('publicReports.reply')}
                        rules={[{ required: true, min: 5 }]}
                      >
                        <Input.TextArea rows={3} />
                      </Form.Item>
                      <Button type="primary" htmlType="submit" loading={busy}>
                        {t('publicReports.progressReply')}
                      </Button>
                    </Form>
                  ),
                },
              ]}
            />
          )}
          <Typography.Title level={5}>{t('publicReports.timeline')}</Typography.Title>
          <Timeline
            items={r.events.map((e) => ({
              children: (
                <>
                  <Typography.Text strong>{e.on}</Typography.Text>{' '}
                  {t(`publicReports.action.${e.action}` as never) || e.action}
                  {' · '}
                  {e.actorName}
                  {e.publicText && <div>{e.publicText}</div>}
                  {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
                </>
              ),
            }))}
          />
          {r.demo && <Alert type="info" message={t('publicReports.demo')} />}
        </Space>
      ) : null}
    </Drawer>
  );
}

/** 公众举报: the triage list with filters, and the drawer with candidates, assignment, outcome and reply. */
export function PublicReportsPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const lookups = useDirectoryLookups();
  const units = useUnits();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const show = (changes: Partial<View>) => setParams(writeView({ ...view, ...changes }));
  const filterTo = (changes: Partial<ReportFilter>) =>
    show({ filter: { ...view.filter, ...changes }, page: 1 });
  const apiSort = view.sort ?? '-receivedOn';
  const list = useQuery({
    queryKey: ['public-reports', 'list', { page: view.page, sort: apiSort, ...view.filter }],
    queryFn: ({ signal }) =>
      listReports(
        { limit: PAGE_SIZE, offset: (view.page - 1) * PAGE_SIZE, sort: apiSort, ...view.filter },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<PublicReportRow> = [
    {
      title: t('publicReports.trackingNo'),
      dataIndex: 'trackingNo',
      width: 170,
      ...sortable(apiSort, 'trackingNo'),
      render: (no: string, r) => (
        <Typography.Link onClick={() => show({ report: r.id })} data-testid="report-open">
          {no}
        </Typography.Link>
      ),
    },
    {
      title: t('publicReports.col.receivedOn'),
      dataIndex: 'receivedOn',
      width: 120,
      ...sortable(apiSort, 'receivedOn'),
    },
    { title: t('publicReports.description'), dataIndex: 'description', ellipsis: true },
    {
      title: t('publicReports.col.township'),
      dataIndex: 'divisionName',
      width: 110,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('publicReports.col.unit'),
      dataIndex: 'assignedUnitName',
      width: 150,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('publicReports.col.status'),
      dataIndex: 'status',
      width: 110,
      ...sortable(apiSort, 'status'),
      render: (s: ReportStatus) => <ReportStatusTag status={s} />,
    },
    {
      title: t('publicReports.col.dueOn'),
      dataIndex: 'dueOn',
      width: 150,
      ...sortable(apiSort, 'dueOn'),
      render: (d: string | null, r) => (
        <>
          {d ?? '—'} {r.overdue && <Tag color="red">{t('publicReports.overdue')}</Tag>}
        </>
      ),
    },
    {
      title: t('publicReports.col.outcome'),
      dataIndex: 'outcome',
      width: 100,
      render: (o: ReportOutcome | null) => <ReportOutcomeTag outcome={o} />,
    },
  ];
  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('publicReports.menu')}</Typography.Title>
      </div>
      <Space wrap className="filter-bar" data-testid="report-filters">
        <Select
          allowClear
          placeholder={t('publicReports.col.status')}
          value={view.filter.status}
          onChange={(status) => filterTo({ status })}
          style={{ width: 130 }}
          options={STATUSES.map((s) => ({ value: s, label: t(`publicReports.status.${s}`) }))}
          data-testid="filter-status"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('publicReports.col.unit')}
          value={view.filter.unitId}
          onChange={(unitId) => filterTo({ unitId })}
          style={{ width: 180 }}
          options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          data-testid="filter-unit"
        />
        {(me?.jurisdiction.cityWide ?? false) && (
          <Select
            allowClear
            placeholder={t('publicReports.col.township')}
            value={view.filter.divisionId}
            onChange={(divisionId) => filterTo({ divisionId })}
            style={{ width: 150 }}
            options={lookups.townships.map((d) => ({ value: d.id, label: d.name }))}
            data-testid="filter-township"
          />
        )}
        <DatePicker.RangePicker
          value={[
            view.filter.from ? dayjs(view.filter.from) : null,
            view.filter.to ? dayjs(view.filter.to) : null,
          ]}
          onChange={(range) =>
            filterTo({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
          }
        />
        <Input.Search
          allowClear
          placeholder={t('publicReports.filterQ')}
          defaultValue={view.filter.q}
          onSearch={(q) => filterTo({ q: q || undefined })}
          style={{ width: 200 }}
          data-testid="filter-q"
        />
        <Checkbox
          checked={view.filter.overdue === true}
          onChange={(e) => filterTo({ overdue: e.target.checked ? true : undefined })}
          data-testid="filter-overdue"
        >
          {t('publicReports.overdue')}
        </Checkbox>
        <Button onClick={() => show({ filter: {}, page: 1, sort: undefined })}>
          {t('publicReports.reset')}
        </Button>
      </Space>
      {list.error ? (
        <ApiErrorAlert error={list.error} title={t('common.loadError')} onRetry={() => void list.refetch()} />
      ) : (
        <Table<PublicReportRow>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          data-testid="report-table"
          pagination={{
            current: view.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
          }}
          onChange={pageAndSort(
            (page) => show({ page }),
            (sort) => show({ sort, page: 1 }),
          )}
        />
      )}
      {view.report && <ReportDrawer id={view.report} onClose={() => show({ report: undefined })} />}
    </>
  );
}
