import {
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  OutfallCategory,
  Permission,
  SETUP_DECISION_LABELS,
  SETUP_KIND_LABELS,
  SETUP_ROUTE_LABELS,
  SETUP_RULE_LABELS,
  SETUP_RULE_OUTCOME_LABELS,
  SETUP_STATUS_LABELS,
  SetupKind,
  SetupRoute,
  SetupRuleOutcome,
  SetupStatus,
  WATER_IMPACT_LABELS,
} from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Empty,
  Input,
  List,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useLedgerExport } from '../../jobs/components/ledger-export';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { NotificationModal, SetupActionModal, SetupApplicationForm } from './setup-forms';
import {
  getSetupApplication,
  listMultiOutfallEnterprises,
  listSetupApplications,
  startSetupLedger,
  submitSetupApplication,
  uploadSetupDocument,
  type MultiOutfallEnterprise,
  type SetupApplicationRow,
  type SetupFilter,
  type SetupRuleResult,
} from './setup-review.api';

const PAGE_SIZE = 20;

const STATUS_COLORS: Record<SetupStatus, string> = {
  [SetupStatus.Draft]: 'default',
  [SetupStatus.Submitted]: 'processing',
  [SetupStatus.Approved]: 'green',
  [SetupStatus.Filed]: 'cyan',
  [SetupStatus.Refused]: 'red',
};

const OUTCOME_COLORS: Record<SetupRuleOutcome, string> = {
  [SetupRuleOutcome.Pass]: 'green',
  [SetupRuleOutcome.Refuse]: 'red',
  [SetupRuleOutcome.NeedsReview]: 'orange',
  [SetupRuleOutcome.ConsultationRequired]: 'gold',
};

function StatusTag({ status }: { status: SetupStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="setup-status">
      {label(SETUP_STATUS_LABELS, status)}
    </Tag>
  );
}

/** The rules with their outcome and the plan's reason, as the reviewer sees them. */
function RuleList({ rules }: { rules: SetupRuleResult[] }) {
  const { label, locale } = useI18n();
  return (
    <List
      size="small"
      dataSource={rules}
      data-testid="setup-rules"
      renderItem={(rule) => (
        <List.Item data-testid={`setup-rule-${rule.rule}`} data-outcome={rule.outcome}>
          <Space direction="vertical" size={0}>
            <Space>
              <Typography.Text strong>{label(SETUP_RULE_LABELS, rule.rule)}</Typography.Text>
              <Tag color={OUTCOME_COLORS[rule.outcome]}>{label(SETUP_RULE_OUTCOME_LABELS, rule.outcome)}</Tag>
            </Space>
            <Typography.Text type="secondary">
              {locale === 'en-US' ? rule.reason.en : rule.reason.zh}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** One application: facts, rules and reasons, consultation, decision, documents and the next actions. */
function SetupApplicationDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const { t, label, dateTime } = useI18n();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<'consult' | 'decide' | 'file' | null>(null);
  const app = useQuery({
    queryKey: ['setup-review', 'detail', id],
    queryFn: ({ signal }) => getSetupApplication(id, signal),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['setup-review'] });
  const submit = useMutation({ mutationFn: () => submitSetupApplication(id), onSuccess: refresh });
  const upload = useMutation({
    mutationFn: (file: File) => uploadSetupDocument(id, file),
    onSuccess: refresh,
  });
  const a = app.data;
  const writer = can(Permission.SetupReviewWrite);
  const decider = can(Permission.SetupReviewDecide);
  const open = a && (a.status === SetupStatus.Draft || a.status === SetupStatus.Submitted);
  return (
    <Drawer
      open
      width={720}
      onClose={onClose}
      title={a ? t('setupReview.drawer.title', { code: a.code }) : undefined}
      data-testid="setup-drawer"
      extra={
        a && (
          <Space>
            {writer && a.status === SetupStatus.Draft && (
              <Button
                type="primary"
                loading={submit.isPending}
                onClick={() => submit.mutate()}
                data-testid="setup-submit"
              >
                {t('setupReview.action.submit')}
              </Button>
            )}
            {decider && a.status === SetupStatus.Submitted && (
              <>
                <Button onClick={() => setAction('consult')} data-testid="setup-consult">
                  {t('setupReview.action.consult')}
                </Button>
                {a.route === SetupRoute.Registration ? (
                  <Button type="primary" onClick={() => setAction('file')} data-testid="setup-file">
                    {t('setupReview.action.file')}
                  </Button>
                ) : (
                  <Button type="primary" onClick={() => setAction('decide')} data-testid="setup-decide">
                    {t('setupReview.action.decide')}
                  </Button>
                )}
              </>
            )}
          </Space>
        )
      }
    >
      {app.isLoading && <Spin />}
      {app.error && <ApiErrorAlert error={app.error} onRetry={() => void app.refetch()} />}
      {submit.error && <ApiErrorAlert error={submit.error} className="section-alert" />}
      {a && (
        <>
          <Descriptions column={2} size="small" bordered title={t('setupReview.drawer.facts')}>
            <Descriptions.Item label={t('setupReview.col.status')}>
              <StatusTag status={a.status} />{' '}
              {a.published && <Tag color="blue">{t('setupReview.published')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.route')}>
              <span data-testid="setup-route">{label(SETUP_ROUTE_LABELS, a.route)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.applicant')}>{a.applicantName}</Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.kind')}>
              {label(SETUP_KIND_LABELS, a.kind)}
            </Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.outfallName')}>{a.outfallName}</Descriptions.Item>
            <Descriptions.Item label={t('setupReview.drawer.outfallLink')}>
              <span data-testid="setup-outfall-code">{a.outfallCode ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.category')}>
              {label(OUTFALL_CATEGORY_LABELS, a.category)} / {label(OUTFALL_SUB_TYPE_LABELS, a.subType)}
            </Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.division')}>{a.divisionName}</Descriptions.Item>
            <Descriptions.Item
              label={`${t('setupReview.field.longitude')} / ${t('setupReview.field.latitude')}`}
            >
              {a.longitude}, {a.latitude}
            </Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.waterBody')}>{a.waterBodyName}</Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.functionZone')}>
              {a.functionZoneName ?? '—'} {a.functionZoneDerived && t('setupReview.field.zoneDerived')}
            </Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.flow')}>
              {a.expectedFlowM3d ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.pollutants')}>
              {a.pollutants.join('、') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('setupReview.field.waterImpacts')}>
              {a.waterImpacts.map((i) => label(WATER_IMPACT_LABELS, i)).join('、') || '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} className="section-title">
            {t('setupReview.drawer.rules')}
          </Typography.Title>
          <RuleList rules={a.rules} />
          {a.consultedOn && (
            <Descriptions column={1} size="small" bordered title={t('setupReview.drawer.consultation')}>
              <Descriptions.Item label={t('setupReview.field.consultedOn')}>
                {a.consultedOn}
              </Descriptions.Item>
              <Descriptions.Item label={t('setupReview.field.authority')}>
                {a.consultationAuthority}
              </Descriptions.Item>
              <Descriptions.Item label={t('setupReview.field.documentNumber')}>
                {a.consultationDocumentNumber ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('setupReview.field.opinion')}>
                {a.consultationOpinion}
              </Descriptions.Item>
            </Descriptions>
          )}
          {a.decidedOn && (
            <Descriptions
              column={1}
              size="small"
              bordered
              title={t('setupReview.drawer.decision')}
              data-testid="setup-decision"
            >
              {a.decision && (
                <Descriptions.Item label={t('setupReview.field.decision')}>
                  {label(SETUP_DECISION_LABELS, a.decision)}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('setupReview.field.documentNumber')}>
                {a.documentNumber}
              </Descriptions.Item>
              <Descriptions.Item label={t('setupReview.field.decidedOn')}>{a.decidedOn}</Descriptions.Item>
              {a.conditions && (
                <Descriptions.Item label={t('setupReview.field.conditions')}>
                  {a.conditions}
                </Descriptions.Item>
              )}
              {a.refusalReasons && (
                <Descriptions.Item label={t('setupReview.field.reasons')}>
                  {a.refusalReasons}
                </Descriptions.Item>
              )}
              {a.reviewNote && (
                <Descriptions.Item label={t('setupReview.field.reviewNote')}>
                  {a.reviewNote}
                </Descriptions.Item>
              )}
            </Descriptions>
          )}
          <Typography.Title level={5} className="section-title">
            {t('setupReview.drawer.documents')}
          </Typography.Title>
          {upload.error && <ApiErrorAlert error={upload.error} className="section-alert" />}
          {a.documents.length ? (
            <List
              size="small"
              dataSource={a.documents}
              renderItem={(d) => (
                <List.Item>
                  {d.fileName} · {Math.ceil(d.sizeBytes / 1024)} KB · {dateTime(d.uploadedAt)}
                </List.Item>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('setupReview.drawer.noDocuments')} />
          )}
          {writer && open && (
            <Upload
              showUploadList={false}
              accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
              customRequest={({ file, onSuccess, onError }) =>
                upload.mutate(file as File, {
                  onSuccess: () => onSuccess?.({}),
                  onError: (error) => onError?.(error as Error),
                })
              }
            >
              <Button loading={upload.isPending}>{t('setupReview.drawer.upload')}</Button>
            </Upload>
          )}
          {action && <SetupActionModal app={a} action={action} onClose={() => setAction(null)} />}
        </>
      )}
    </Drawer>
  );
}

function ApplicationsTab({ onOpen }: { onOpen(id: string): void }) {
  const { t, label } = useI18n();
  const [filter, setFilter] = useState<SetupFilter>({});
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<string | undefined>(undefined);
  const ledger = useLedgerExport({
    label: t('setupReview.ledger'),
    kinds: [{ kind: 'ledger', label: t('setupReview.ledger') }],
    start: () => startSetupLedger(filter),
    testId: 'setup-ledger',
  });
  const apiSort = sort ?? '-createdAt';
  const list = useQuery({
    queryKey: ['setup-review', 'list', { page, sort: apiSort, ...filter }],
    queryFn: ({ signal }) =>
      listSetupApplications(
        { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: apiSort, ...filter },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const set = (changes: Partial<SetupFilter>) => {
    setFilter({ ...filter, ...changes });
    setPage(1);
  };
  const enumOptions = <T extends string>(labels: Record<T, { zh: string; en: string }>) =>
    (Object.keys(labels) as T[]).map((value) => ({ value, label: label(labels, value) }));
  const columns: TableColumnsType<SetupApplicationRow> = [
    {
      title: t('setupReview.col.code'),
      dataIndex: 'code',
      ...sortable(sort, 'code'),
      render: (code: string, row) => (
        <Typography.Link onClick={() => onOpen(row.id)} data-testid="setup-open">
          {code}
        </Typography.Link>
      ),
    },
    {
      title: t('setupReview.col.outfall'),
      ...sortable(sort, 'outfallName'),
      render: (_, row) => (
        <>
          {row.outfallName}
          {row.outfallCode && (
            <Typography.Text type="secondary" className="cell-note">
              {row.outfallCode}
            </Typography.Text>
          )}
        </>
      ),
    },
    { title: t('setupReview.col.applicant'), dataIndex: 'applicantName' },
    {
      title: t('setupReview.col.kind'),
      dataIndex: 'kind',
      render: (k: SetupKind) => label(SETUP_KIND_LABELS, k),
    },
    {
      title: t('setupReview.col.route'),
      dataIndex: 'route',
      render: (r: SetupRoute) => label(SETUP_ROUTE_LABELS, r),
    },
    {
      title: t('setupReview.col.status'),
      ...sortable(sort, 'status'),
      render: (_, row) => <StatusTag status={row.status} />,
    },
    {
      title: t('setupReview.col.rules'),
      key: 'rules',
      render: (_, row) => {
        const flagged = row.rules.filter((r) => r.outcome !== SetupRuleOutcome.Pass);
        return flagged.length ? (
          <Space wrap size={2}>
            {flagged.map((r) => (
              <Tag key={r.rule} color={OUTCOME_COLORS[r.outcome]} title={r.reason.zh}>
                {label(SETUP_RULE_OUTCOME_LABELS, r.outcome)}
              </Tag>
            ))}
          </Space>
        ) : (
          <Tag color="green">{t('setupReview.rulesAllPass')}</Tag>
        );
      },
    },
    {
      title: t('setupReview.col.decidedOn'),
      dataIndex: 'decidedOn',
      ...sortable(sort, 'decidedOn'),
    },
  ];
  return (
    <>
      <Space wrap className="filter-bar" data-testid="setup-filters">
        <Input.Search
          allowClear
          placeholder={t('setupReview.filter.q')}
          onSearch={(q) => set({ q: q || undefined })}
          style={{ width: 240 }}
          data-testid="setup-filter-q"
        />
        <Select
          allowClear
          placeholder={t('setupReview.filter.status')}
          value={filter.status}
          onChange={(status) => set({ status })}
          options={enumOptions(SETUP_STATUS_LABELS)}
          style={{ width: 140 }}
          data-testid="setup-filter-status"
        />
        <Select
          allowClear
          placeholder={t('setupReview.filter.route')}
          value={filter.route}
          onChange={(route) => set({ route })}
          options={enumOptions(SETUP_ROUTE_LABELS)}
          style={{ width: 120 }}
        />
        <Select
          allowClear
          placeholder={t('setupReview.filter.kind')}
          value={filter.kind}
          onChange={(kind) => set({ kind })}
          options={enumOptions(SETUP_KIND_LABELS)}
          style={{ width: 120 }}
        />
        <Select
          allowClear
          placeholder={t('setupReview.filter.category')}
          value={filter.category}
          onChange={(category: OutfallCategory | undefined) => set({ category })}
          options={enumOptions(OUTFALL_CATEGORY_LABELS)}
          style={{ width: 200 }}
        />
        <Checkbox
          checked={filter.published === true}
          onChange={(e) => set({ published: e.target.checked || undefined })}
        >
          {t('setupReview.filter.published')}
        </Checkbox>
        <Button
          onClick={() =>
            set({
              q: undefined,
              status: undefined,
              route: undefined,
              kind: undefined,
              category: undefined,
              published: undefined,
            })
          }
        >
          {t('setupReview.filter.reset')}
        </Button>
        {ledger.button}
      </Space>
      {ledger.progress}
      {list.error ? (
        <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<SetupApplicationRow>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items}
          locale={{ emptyText: <Empty description={t('setupReview.empty')} /> }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total, showSizeChanger: false }}
          onChange={pageAndSort(setPage, setSort)}
          data-testid="setup-table"
        />
      )}
    </>
  );
}

function EnterprisesTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const [page, setPage] = useState(1);
  const [only, setOnly] = useState(false);
  const [notifying, setNotifying] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['setup-review', 'enterprises', { page, only }],
    queryFn: ({ signal }) =>
      listMultiOutfallEnterprises(
        { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, notified: only ? false : undefined },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<MultiOutfallEnterprise> = [
    { title: t('setupReview.ent.name'), dataIndex: 'name' },
    { title: t('setupReview.ent.division'), dataIndex: 'divisionName' },
    {
      title: t('setupReview.ent.outfalls'),
      key: 'outfalls',
      render: (_, row) => `${row.outfallCount}：${row.outfallCodes.join('、')}`,
    },
    {
      title: t('setupReview.col.status'),
      key: 'flag',
      render: (_, row) =>
        row.flagged ? (
          <Tag color="red">{t('setupReview.ent.flagged')}</Tag>
        ) : (
          <Tag color="green">{t('setupReview.ent.notified')}</Tag>
        ),
    },
    { title: t('setupReview.ent.lastNotifiedOn'), dataIndex: 'lastNotifiedOn' },
    {
      title: '',
      key: 'actions',
      render: (_, row) =>
        can(Permission.SetupReviewWrite) && (
          <Button size="small" onClick={() => setNotifying(row.entityId)}>
            {t('setupReview.ent.record')}
          </Button>
        ),
    },
  ];
  return (
    <>
      <Space className="filter-bar">
        <Checkbox
          checked={only}
          onChange={(e) => {
            setOnly(e.target.checked);
            setPage(1);
          }}
        >
          {t('setupReview.ent.only')}
        </Checkbox>
      </Space>
      {list.error ? (
        <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<MultiOutfallEnterprise>
          rowKey="entityId"
          size="small"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items}
          locale={{ emptyText: <Empty description={t('setupReview.ent.empty')} /> }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total, onChange: setPage }}
          data-testid="setup-enterprises"
        />
      )}
      {notifying && <NotificationModal entityId={notifying} onClose={() => setNotifying(null)} />}
    </>
  );
}

/** 设置审核与登记: the applications ledger with filters, the detail drawer with the rules, the forms. */
export function SetupReviewPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const [tab, setTab] = useState('applications');
  const [filing, setFiling] = useState(false);
  // `?application=<id>` (e.g. from an outfall's card) opens that application's drawer
  const [params] = useSearchParams();
  const [open, setOpen] = useState<string | null>(params.get('application'));
  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('setupReview.title')}</Typography.Title>
        {can(Permission.SetupReviewWrite) && (
          <Button type="primary" onClick={() => setFiling(true)} data-testid="setup-new">
            {t('setupReview.new')}
          </Button>
        )}
      </div>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'applications', label: t('setupReview.tabApplications') },
          { key: 'enterprises', label: t('setupReview.tabEnterprises') },
        ]}
      />
      {tab === 'applications' ? <ApplicationsTab onOpen={setOpen} /> : <EnterprisesTab />}
      {filing && (
        <SetupApplicationForm
          onClose={() => setFiling(false)}
          onSaved={(app) => {
            setFiling(false);
            setOpen(app.id);
          }}
        />
      )}
      {open && <SetupApplicationDrawer id={open} onClose={() => setOpen(null)} />}
    </>
  );
}
