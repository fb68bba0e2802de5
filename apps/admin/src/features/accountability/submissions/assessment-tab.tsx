import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Permission } from '@outfall/shared-types';
import { Alert, App, Button, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import {
  getAssessment,
  getConfig,
  saveConfig,
  type AssessmentConfig,
  type ScoreLine,
  type UnitScore,
} from './submissions.api';

function lastQuarters(n: number): string[] {
  const now = new Date(Date.now() + 8 * 3600_000);
  let year = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (q === 0) {
      year -= 1;
      q = 4;
    }
    out.push(`${year}Q${q}`);
    q -= 1;
  }
  return out;
}

function Breakdown({ lines }: { lines: ScoreLine[] }) {
  const { t } = useI18n();
  return (
    <Table<ScoreLine>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={lines}
      columns={[
        { title: t('submissions.assessment.input'), dataIndex: 'label' },
        { title: t('submissions.assessment.weight'), dataIndex: 'weight' },
        { title: t('submissions.assessment.effectiveWeight'), dataIndex: 'effectiveWeight' },
        {
          title: t('submissions.assessment.value'),
          render: (_, l) =>
            l.applicable ? (
              `${Math.round((l.value ?? 0) * 1000) / 10}%`
            ) : (
              <Tag>{t('submissions.assessment.notApplicable')}</Tag>
            ),
        },
        { title: t('submissions.assessment.points'), dataIndex: 'points' },
        {
          title: '',
          render: (_, l) => (
            <Typography.Text type="secondary">
              {l.detail ? (typeof l.detail === 'string' ? l.detail : JSON.stringify(l.detail)) : ''}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

function ConfigEditor() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const config = useQuery({
    queryKey: ['accountability', 'config'],
    queryFn: ({ signal }) => getConfig(signal),
  });
  const [text, setText] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (value: AssessmentConfig) => saveConfig(value, note || undefined),
    onSuccess: async () => {
      void message.success(t('submissions.saved'));
      setText(null);
      await queryClient.invalidateQueries({ queryKey: ['accountability'] });
    },
  });
  if (!config.data) return config.error ? <ApiErrorAlert error={config.error} /> : null;
  const value = text ?? JSON.stringify(config.data.config, null, 2);
  return (
    <Form layout="vertical" style={{ marginTop: 16 }}>
      <Typography.Title level={5}>
        {t('submissions.assessment.config')} ·{' '}
        {config.data.version
          ? t('submissions.assessment.configVersion', { version: config.data.version })
          : t('submissions.assessment.defaultConfig')}
      </Typography.Title>
      <Form.Item
        label={t('submissions.assessment.configJson')}
        validateStatus={jsonError ? 'error' : undefined}
        help={jsonError}
      >
        <Input.TextArea
          rows={12}
          value={value}
          onChange={(e) => setText(e.target.value)}
          style={{ fontFamily: 'monospace' }}
          data-testid="config-json"
        />
      </Form.Item>
      <Form.Item label={t('submissions.assessment.configNote')}>
        <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </Form.Item>
      <Button
        type="primary"
        loading={save.isPending}
        onClick={() => {
          try {
            const parsed = JSON.parse(value) as AssessmentConfig;
            setJsonError(null);
            save.mutate(parsed);
          } catch {
            setJsonError(t('submissions.assessment.badJson'));
          }
        }}
      >
        {t('submissions.assessment.saveConfig')}
      </Button>
      {save.error && <ApiErrorAlert error={save.error} className="section-alert" />}
    </Form>
  );
}

/** 考核: the ranking with each unit's breakdown (a unit sees its own), and the configuration for the eco branch. */
export function AssessmentTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const quarters = lastQuarters(4);
  const [quarter, setQuarter] = useState(quarters[0]);
  const assessment = useQuery({
    queryKey: ['accountability', 'assessment', quarter],
    queryFn: ({ signal }) => getAssessment(quarter, signal),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {t('submissions.assessment.quarter')}
        <Select
          value={quarter}
          style={{ width: 120 }}
          options={quarters.map((q) => ({ value: q, label: q }))}
          onChange={setQuarter}
        />
      </Space>
      <Alert
        type="info"
        showIcon
        message={t('submissions.assessment.formula')}
        style={{ marginBottom: 12 }}
      />
      {assessment.error && (
        <ApiErrorAlert
          error={assessment.error}
          onRetry={() => void assessment.refetch()}
          className="section-alert"
        />
      )}
      <Table<UnitScore>
        rowKey="unitId"
        size="small"
        loading={assessment.isLoading}
        dataSource={assessment.data?.units}
        pagination={{ pageSize: 30, showSizeChanger: false }}
        locale={{ emptyText: <Empty /> }}
        expandable={{
          expandedRowRender: (u) => <Breakdown lines={u.lines} />,
          defaultExpandedRowKeys:
            assessment.data?.units.length === 1 ? [assessment.data.units[0].unitId] : [],
        }}
        columns={[
          { title: t('submissions.assessment.rank'), dataIndex: 'rank', width: 70 },
          { title: t('submissions.assessment.unit'), dataIndex: 'unit' },
          {
            title: t('submissions.assessment.score'),
            dataIndex: 'score',
            render: (s: number, u) => <span data-testid={`score-${u.unit}`}>{s.toFixed(2)}</span>,
          },
          { title: t('submissions.assessment.maximum'), dataIndex: 'maximum' },
        ]}
      />
      {can(Permission.AccountabilityManage) && <ConfigEditor />}
    </>
  );
}
