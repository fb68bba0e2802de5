import { Permission, MONITORING_FREQUENCY_LABELS } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Empty, Spin, Table, Tag } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { useIndicators } from '../../monitoring/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { useI18n } from '../../../i18n/i18n-context';
import { FindingsTable } from './findings-table';
import { ExpiryTag } from './permit-tags';
import { PermitFormModal } from './permit-form-modal';
import { getPermit, type PermitOutlet } from './permits.api';

/** A permit: its record, each outlet with the duty (indicator × frequency), and its missing-data findings. */
export function PermitDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const indicators = useIndicators();
  const [editing, setEditing] = useState(false);
  const [page, setPage] = useState(1);
  const permit = useQuery({
    queryKey: ['permits', 'detail', id],
    queryFn: ({ signal }) => getPermit(id, signal),
  });
  const data = permit.data;
  return (
    <Drawer
      open
      width={860}
      onClose={onClose}
      title={data ? t('permits.detail', { number: data.permitNumber }) : undefined}
      extra={
        data &&
        can(Permission.PermitWrite) && (
          <Button onClick={() => setEditing(true)} data-testid="permit-edit">
            {t('permits.edit')}
          </Button>
        )
      }
      data-testid="permit-drawer"
    >
      {permit.error && (
        <ApiErrorAlert
          error={permit.error}
          title={t('common.loadError')}
          onRetry={() => void permit.refetch()}
        />
      )}
      {!data && !permit.error && <Spin />}
      {data && (
        <>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'number', label: t('permits.col.number'), children: data.permitNumber, span: 2 },
              {
                key: 'entity',
                label: t('permits.col.entity'),
                children: (
                  <>
                    {data.entity.name} {data.entity.creditCode} {data.demo && <DemoTag />}
                  </>
                ),
                span: 2,
              },
              {
                key: 'authority',
                label: t('permits.col.authority'),
                children: data.issuingAuthority,
                span: 2,
              },
              { key: 'from', label: t('permits.col.validFrom'), children: data.validFrom },
              { key: 'to', label: t('permits.col.validTo'), children: data.validTo },
              {
                key: 'expiry',
                label: t('permits.col.expiry'),
                children: <ExpiryTag expiry={data.expiry} daysLeft={data.daysLeft} />,
                span: 2,
              },
              ...(data.notes
                ? [{ key: 'notes', label: t('permits.notes'), children: data.notes, span: 2 }]
                : []),
            ]}
          />
          <section className="drawer-section">
            <h5>{t('permits.col.outlets')}</h5>
            <Table<PermitOutlet>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.outlets}
              locale={{ emptyText: <Empty description={t('permits.noOutlets')} /> }}
              data-testid="permit-outlets"
              columns={[
                { title: t('permits.col.outletCode'), dataIndex: 'code', width: 90 },
                { title: t('permits.col.outletName'), dataIndex: 'name', width: 140 },
                {
                  title: t('permits.col.outfall'),
                  key: 'outfall',
                  width: 200,
                  render: (_, outlet) => `${outlet.outfall?.localCode ?? ''} ${outlet.outfall?.name ?? ''}`,
                },
                {
                  title: t('permits.col.duties'),
                  key: 'duties',
                  render: (_, outlet) =>
                    outlet.duties.length
                      ? outlet.duties.map((duty) => (
                          <Tag key={duty.id} data-testid="permit-duty">
                            {indicators.name(duty.indicatorCode)} ·{' '}
                            {label(MONITORING_FREQUENCY_LABELS, duty.frequency)}
                          </Tag>
                        ))
                      : t('permits.noDuties'),
                },
              ]}
            />
          </section>
          <section className="drawer-section">
            <h5>{t('permits.tabFindings')}</h5>
            <FindingsTable filter={{ permitId: data.id }} page={page} onPage={setPage} compact />
          </section>
        </>
      )}
      {editing && data && (
        <PermitFormModal permit={data} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      )}
    </Drawer>
  );
}
