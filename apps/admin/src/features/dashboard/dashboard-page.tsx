import { EnvironmentOutlined } from '@ant-design/icons';
import {
  FORECAST_STATUS_LABELS,
  MILESTONE_LABELS,
  MilestoneType,
  OUTFALL_CATEGORY_LABELS,
  OutfallCategory,
  Permission,
  PROGRESS_METRIC_LABELS,
  ProgressMetric,
  ROLE_LABELS,
  type Role,
} from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  Row,
  Segmented,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../api/auth-context';
import { ApiErrorAlert } from '../../shared/ui/api-error-alert';
import { percent } from '../progress/components/progress-headline';
import { useI18n } from '../../i18n/i18n-context';
import {
  DASHBOARD_KEY,
  getDashboard,
  type Dashboard,
  type DashboardGauge,
  type DashboardList,
  type DashboardRankingRow,
} from './dashboard.api';
import {
  CHRONIC_LINK,
  outfallLink,
  outfallsLink,
  PATROL_SCHEDULES_LINK,
  planLink,
  plansLink,
  progressLink,
  todoLink,
} from './dashboard-links';
import './dashboard.css';

// ECharts is loaded only when a chart is drawn (its own chunk)
const charts = () => import('./dashboard-charts');
const RateGauge = lazy(() => charts().then((m) => ({ default: m.RateGauge })));
const TrendLines = lazy(() => charts().then((m) => ({ default: m.TrendLines })));
const CountBars = lazy(() => charts().then((m) => ({ default: m.CountBars })));

const METRICS = Object.values(ProgressMetric);

function ChartBox({ label, height, children }: { label: string; height: number; children: ReactNode }) {
  return (
    <div role="img" aria-label={label} className="dashboard-chart">
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height }} />}>{children}</Suspense>
    </div>
  );
}

/** The 工作台 after login: who I am, then my role's figures (city or local), each leading to its list. */
export function DashboardPage() {
  const { t, label } = useI18n();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: DASHBOARD_KEY,
    queryFn: ({ signal }) => getDashboard(undefined, signal),
    enabled: !!me && can(Permission.DirectoryRead),
  });
  if (!me) return null;
  return (
    <>
      <Typography.Title level={3}>{t('dashboard.welcome', { name: me.displayName })}</Typography.Title>
      <Card>
        <Descriptions column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('dashboard.unit')}>{me.unit.name}</Descriptions.Item>
          <Descriptions.Item label={t('dashboard.role')}>
            {label(ROLE_LABELS, me.role as Role)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dashboard.jurisdiction')}>
            {me.jurisdiction.cityWide ? t('dashboard.cityWide') : me.jurisdiction.divisionName}
          </Descriptions.Item>
        </Descriptions>
        {query.data && (
          <Typography.Text type="secondary" data-testid="dashboard-as-of">
            {t('dashboard2.asOf', { date: query.data.asOf })}
          </Typography.Text>
        )}
      </Card>
      {can(Permission.DirectoryRead) && (
        <>
          {query.isPending && <Skeleton active className="section" data-testid="dashboard-loading" />}
          {query.isError && (
            <ApiErrorAlert
              className="section"
              data-testid="dashboard-error"
              title={t('dashboard2.loadFailed')}
              error={query.error}
              onRetry={() => void query.refetch()}
            />
          )}
          {query.data && <Figures data={query.data} />}
          <Card className="section" data-testid="dashboard-directory">
            <Typography.Title level={5}>
              <EnvironmentOutlined /> {t('dashboard.directoryTitle')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('dashboard.directoryBody')}</Typography.Paragraph>
            <Button type="primary" onClick={() => void navigate('/outfalls')}>
              {t('dashboard.openDirectory')}
            </Button>
          </Card>
        </>
      )}
    </>
  );
}

function Figures({ data }: { data: Dashboard }) {
  const { t } = useI18n();
  return data.view === 'city' ? (
    <div data-testid="dashboard-city">
      <Todos data={data} />
      {data.gauges && <Gauges gauges={data.gauges} />}
      {data.trend && <Trend trend={data.trend} />}
      {data.rankings && <Rankings rankings={data.rankings} />}
      <Row gutter={[16, 16]} className="section">
        <Col xs={24} lg={12}>
          <OverduePlans list={data.overdue.plans} />
        </Col>
        <Col xs={24} lg={12}>
          <Untraced list={data.overdue.untraced} />
        </Col>
        <Col xs={24} lg={12}>
          {data.chronic && <Chronic list={data.chronic} />}
        </Col>
        <Col xs={24} lg={12}>
          <OverduePatrols list={data.overdue.patrols} />
        </Col>
      </Row>
    </div>
  ) : (
    <div data-testid="dashboard-local">
      <LocalScope data={data} />
      <Todos data={data} />
      <Stages data={data} />
      <Typography.Title level={4} className="section">
        {t('dashboard2.myOverdueTitle')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <OverduePlans list={data.overdue.plans} />
        </Col>
        <Col xs={24} lg={8}>
          <Untraced list={data.overdue.untraced} />
        </Col>
        <Col xs={24} lg={8}>
          <OverduePatrols list={data.overdue.patrols} />
        </Col>
      </Row>
    </div>
  );
}

function LocalScope({ data }: { data: Dashboard }) {
  const { t, label } = useI18n();
  const parts: string[] = [];
  if (data.scope.divisionName) parts.push(t('dashboard2.scopeTownship', { name: data.scope.divisionName }));
  if (data.scope.categories.length)
    parts.push(
      t('dashboard2.scopeSector', {
        names: data.scope.categories
          .map((c) => label(OUTFALL_CATEGORY_LABELS, c as OutfallCategory))
          .join('、'),
      }),
    );
  return parts.length ? (
    <Typography.Paragraph className="section" data-testid="dashboard-scope">
      {parts.join(' · ')}
    </Typography.Paragraph>
  ) : null;
}

function Todos({ data }: { data: Dashboard }) {
  const { t } = useI18n();
  const open = data.todos.filter((todo) => todo.count > 0);
  return (
    <Card className="section" title={t('dashboard2.todosTitle')} data-testid="dashboard-todos">
      {open.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard2.todosEmpty')} />
      ) : (
        <div className="dashboard-todos">
          {open.map((todo) => (
            <Link
              key={todo.kind}
              to={todoLink(todo.kind)}
              className="dashboard-todo"
              data-testid={`dashboard-todo-${todo.kind}`}
            >
              <span className="dashboard-todo-count">{todo.count}</span>
              <span>{t(`dashboard2.todo.${todo.kind}`)}</span>
            </Link>
          ))}
        </div>
      )}
    </Card>
  );
}

function Gauges({ gauges }: { gauges: DashboardGauge[] }) {
  const { t, label } = useI18n();
  return (
    <Card className="section" title={t('dashboard2.gaugesTitle')} data-testid="dashboard-gauges">
      <Typography.Paragraph type="secondary">{t('dashboard2.gaugesHint')}</Typography.Paragraph>
      {gauges.length === 0 ? (
        <Empty description={t('dashboard2.gaugesEmpty')} />
      ) : (
        <Row gutter={[16, 16]}>
          {gauges.map((gauge) => {
            const metric = label(PROGRESS_METRIC_LABELS, gauge.metric);
            const keyOnly = gauge.scopes.length === 1 && gauge.scopes[0] === 'key_rivers';
            const title =
              t('dashboard2.gaugeTitle', { year: gauge.deadline.slice(0, 4), metric }) +
              (keyOnly ? `（${t('dashboard2.gaugeScopeKey')}）` : '');
            const status = gauge.status ? label(FORECAST_STATUS_LABELS, gauge.status) : '—';
            const shown = gauge.rateAtDeadline ?? gauge.rate;
            const past = gauge.rateAtDeadline !== null || gauge.projected === null;
            return (
              <Col xs={24} sm={12} lg={8} xl={6} key={`${gauge.deadline}-${gauge.metric}`}>
                <Link
                  to={progressLink(past ? gauge.deadline : undefined, gauge.metric)}
                  className="dashboard-gauge"
                  data-testid={`dashboard-gauge-${gauge.deadline}-${gauge.metric}`}
                  aria-label={t('dashboard2.gaugeAria', {
                    title,
                    deadline: gauge.deadline,
                    target: percent(gauge.target),
                    rate: percent(gauge.rate),
                    atDeadline: percent(gauge.rateAtDeadline),
                    projected: percent(gauge.projected),
                    status,
                  })}
                >
                  <Typography.Text strong>{title}</Typography.Text>
                  <ChartBox label={`${title} ${percent(shown)}`} height={140}>
                    <RateGauge value={shown} target={gauge.target} status={gauge.status} label={title} />
                  </ChartBox>
                  <Space size={[8, 0]} wrap>
                    {gauge.status && (
                      <Tag color={statusTag(gauge.status)} data-testid="gauge-status">
                        {status}
                      </Tag>
                    )}
                    <Typography.Text type="secondary">
                      {t('dashboard2.gaugeDeadline', { date: gauge.deadline })}
                    </Typography.Text>
                  </Space>
                  <div className="dashboard-gauge-lines">
                    <span>{t('dashboard2.gaugeTarget', { value: percent(gauge.target) })}</span>
                    {gauge.rateAtDeadline !== null && (
                      <span>{t('dashboard2.gaugeAtDeadline', { value: percent(gauge.rateAtDeadline) })}</span>
                    )}
                    <span>
                      {t('dashboard2.gaugeNow', {
                        value: percent(gauge.rate),
                        n: gauge.numerator,
                        d: gauge.denominator,
                      })}
                    </span>
                    {gauge.projected !== null && (
                      <span>{t('dashboard2.gaugeProjected', { value: percent(gauge.projected) })}</span>
                    )}
                  </div>
                </Link>
              </Col>
            );
          })}
        </Row>
      )}
    </Card>
  );
}

function statusTag(status: string): string {
  return status === 'met'
    ? 'success'
    : status === 'on_track'
      ? 'processing'
      : status === 'at_risk'
        ? 'warning'
        : 'error';
}

function Trend({ trend }: { trend: NonNullable<Dashboard['trend']> }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [mode, setMode] = useState<'chart' | 'table'>('chart');
  const categories = trend.map((p) => (p.current ? t('dashboard2.trendNow') : p.quarter));
  return (
    <Card
      className="section"
      title={t('dashboard2.trendTitle')}
      data-testid="dashboard-trend"
      extra={
        <Segmented
          size="small"
          value={mode}
          onChange={(value) => setMode(value as 'chart' | 'table')}
          options={[
            { value: 'chart', label: t('dashboard2.trendShowChart') },
            { value: 'table', label: t('dashboard2.trendShowTable') },
          ]}
        />
      }
    >
      {trend.length === 0 ? (
        <Empty description={t('dashboard2.trendEmpty')} />
      ) : mode === 'chart' ? (
        <ChartBox label={t('dashboard2.trendAria', { n: trend.length })} height={300}>
          <TrendLines
            categories={categories}
            series={METRICS.map((m) => ({
              name: label(PROGRESS_METRIC_LABELS, m),
              values: trend.map((p) => p.rates[m]),
            }))}
            onPoint={(index) =>
              void navigate(progressLink(trend[index]?.current ? undefined : trend[index]?.asOf))
            }
          />
        </ChartBox>
      ) : null}
      {/* the text alternative: always in the page for assistive technology, shown on request */}
      <section
        aria-label={t('dashboard2.trendTable')}
        className={mode === 'table' ? undefined : 'visually-hidden'}
      >
        <Table
          data-testid="dashboard-trend-table"
          size="small"
          pagination={false}
          rowKey="asOf"
          dataSource={trend}
          columns={[
            {
              title: t('dashboard2.trendQuarter'),
              key: 'quarter',
              render: (_, p) => (
                <Link to={progressLink(p.current ? undefined : p.asOf)}>
                  {p.current ? t('dashboard2.trendNow') : p.quarter} ({p.asOf})
                </Link>
              ),
            },
            ...METRICS.map((m) => ({
              title: label(PROGRESS_METRIC_LABELS, m),
              key: m,
              render: (_: unknown, p: (typeof trend)[number]) => percent(p.rates[m]),
            })),
          ]}
        />
      </section>
    </Card>
  );
}

function Rankings({ rankings }: { rankings: NonNullable<Dashboard['rankings']> }) {
  const { t, label } = useI18n();
  const [metric, setMetric] = useState<ProgressMetric>(ProgressMetric.Remediation);
  const table = (rows: DashboardRankingRow[], link: (row: DashboardRankingRow) => string, testId: string) => {
    const sorted = [...rows].sort(
      (a, b) => (b.rates[metric] ?? -1) - (a.rates[metric] ?? -1) || a.label.localeCompare(b.label, 'zh'),
    );
    return (
      <Table
        size="small"
        data-testid={testId}
        rowKey="key"
        pagination={sorted.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        locale={{ emptyText: t('dashboard2.rankingEmpty') }}
        dataSource={sorted}
        columns={[
          { title: t('dashboard2.rank'), key: 'rank', width: 64, render: (_, __, i) => i + 1 },
          {
            title: t('dashboard2.rankingName'),
            key: 'label',
            render: (_, row) => <Link to={link(row)}>{row.label}</Link>,
          },
          { title: t('dashboard2.rankingRegistered'), dataIndex: 'registered', width: 96 },
          ...METRICS.map((m) => ({
            title: label(PROGRESS_METRIC_LABELS, m),
            key: m,
            render: (_: unknown, row: DashboardRankingRow) =>
              m === metric ? <strong>{percent(row.rates[m])}</strong> : percent(row.rates[m]),
          })),
        ]}
      />
    );
  };
  return (
    <Card
      className="section"
      title={t('dashboard2.rankingTitle')}
      data-testid="dashboard-rankings"
      extra={
        <Space>
          <span id="dashboard-ranking-by">{t('dashboard2.rankingBy')}</span>
          <Segmented
            aria-labelledby="dashboard-ranking-by"
            size="small"
            value={metric}
            onChange={(value) => setMetric(value as ProgressMetric)}
            options={METRICS.map((m) => ({ value: m, label: label(PROGRESS_METRIC_LABELS, m) }))}
          />
        </Space>
      }
    >
      <Tabs
        items={[
          {
            key: 'townships',
            label: t('dashboard2.rankingTownships'),
            children: table(
              rankings.townships,
              (row) => outfallsLink({ divisionId: row.key }),
              'dashboard-ranking-townships',
            ),
          },
          {
            key: 'units',
            label: t('dashboard2.rankingUnits'),
            children: table(
              rankings.units,
              (row) => plansLink({ responsibleUnitId: row.key }),
              'dashboard-ranking-units',
            ),
          },
        ]}
      />
    </Card>
  );
}

/** A short list (the first five) with its total and the link to the full, filtered list. */
function ShortList<T>(props: {
  title: string;
  testId: string;
  list: DashboardList<T>;
  more: string;
  empty: string;
  render: (item: T) => { key: string; to: string; title: string; description: string };
}) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      className="dashboard-short-list"
      data-testid={props.testId}
      title={
        <Space>
          {props.title}
          <Badge
            count={props.list.total}
            showZero
            overflowCount={99999}
            color={props.list.total ? '#a8071a' : '#595959'}
          />
        </Space>
      }
      extra={
        props.list.total > 0 && (
          <Link to={props.more} data-testid={`${props.testId}-more`}>
            {t('dashboard2.viewAll', { n: props.list.total })}
          </Link>
        )
      }
    >
      {props.list.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.empty} />
      ) : (
        <List
          size="small"
          dataSource={props.list.items}
          renderItem={(item) => {
            const row = props.render(item);
            return (
              <List.Item key={row.key}>
                <List.Item.Meta title={<Link to={row.to}>{row.title}</Link>} description={row.description} />
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}

function OverduePlans({ list }: { list: Dashboard['overdue']['plans'] }) {
  const { t } = useI18n();
  return (
    <ShortList
      title={t('dashboard2.overduePlansTitle')}
      testId="dashboard-overdue-plans"
      list={list}
      more={plansLink({ overdue: true })}
      empty={t('dashboard2.overdueEmpty')}
      render={(p) => ({
        key: p.id,
        to: planLink(p.id),
        title: `${p.localCode} ${p.name}`,
        description: `${p.township} · ${p.unit} · ${t('dashboard2.daysOverdue', { n: p.daysOverdue })}`,
      })}
    />
  );
}

function Untraced({ list }: { list: Dashboard['overdue']['untraced'] }) {
  const { t } = useI18n();
  return (
    <ShortList
      title={t('dashboard2.untracedTitle')}
      testId="dashboard-untraced"
      list={list}
      more={progressLink(undefined)}
      empty={t('dashboard2.overdueEmpty')}
      render={(o) => ({
        key: o.outfallId,
        to: outfallLink(o.outfallId),
        title: `${o.localCode} ${o.name}`,
        description: `${o.township} · ${o.water} · ${t('dashboard2.tracingDeadline', { date: o.tracingDeadline })}`,
      })}
    />
  );
}

function OverduePatrols({ list }: { list: Dashboard['overdue']['patrols'] }) {
  const { t } = useI18n();
  return (
    <ShortList
      title={t('dashboard2.overduePatrolsTitle')}
      testId="dashboard-overdue-patrols"
      list={list}
      more={PATROL_SCHEDULES_LINK}
      empty={t('dashboard2.overdueEmpty')}
      render={(p) => ({
        key: p.outfallId,
        to: outfallLink(p.outfallId),
        title: `${p.localCode} ${p.name}`,
        description: `${p.divisionName} · ${p.unitName ?? '—'} · ${t('dashboard2.daysOverdue', { n: p.daysOverdue })}`,
      })}
    />
  );
}

function Chronic({ list }: { list: NonNullable<Dashboard['chronic']> }) {
  const { t } = useI18n();
  return (
    <ShortList
      title={t('dashboard2.chronicTitle')}
      testId="dashboard-chronic"
      list={list}
      more={CHRONIC_LINK}
      empty={t('dashboard2.chronicEmpty')}
      render={(c) => ({
        key: c.outfallId,
        to: outfallLink(c.outfallId),
        title: `${c.localCode} ${c.name}`,
        description: `${c.divisionName} · ${c.waterName} · ${t('dashboard2.exceeding', { n: c.recentSamples, m: c.recentExceeding })}`,
      })}
    />
  );
}

function Stages({ data }: { data: Dashboard }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const total = data.stages.reduce((n, s) => n + s.count, 0);
  const names = data.stages.map((s) => label(MILESTONE_LABELS, s.stage as MilestoneType));
  const all = outfallsLink();
  return (
    <Card
      className="section"
      title={t('dashboard2.stagesTitle')}
      data-testid="dashboard-stages"
      extra={<Link to={all}>{t('dashboard2.openList')}</Link>}
    >
      {total === 0 ? (
        <Empty description={t('dashboard2.stagesEmpty')} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <ChartBox label={t('dashboard2.stagesAria', { n: total })} height={264}>
              <CountBars
                categories={names}
                values={data.stages.map((s) => s.count)}
                onBar={() => void navigate(all)}
              />
            </ChartBox>
          </Col>
          <Col xs={24} md={10}>
            <List
              size="small"
              dataSource={data.stages}
              renderItem={(s, i) => (
                <List.Item data-testid={`dashboard-stage-${s.stage}`}>
                  <Link to={all}>{names[i]}</Link>
                  <strong>{s.count}</strong>
                </List.Item>
              )}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
