import { VIOLATION_KIND_LABELS } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { List, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { CaseStatusTag, OverdueTag } from './case-tags';
import { listCases, type EnforcementCaseRow } from './enforcement.api';

/** The outfall drawer's section: the enforcement cases on this outfall, each linking to its detail. */
export function OutfallEnforcementSection({ outfallId }: { outfallId: string }) {
  const { t, label } = useI18n();
  const cases = useQuery({
    queryKey: ['enforcement', 'outfall', outfallId],
    queryFn: ({ signal }) => listCases({ outfallId, limit: 50, offset: 0, sort: '-registeredOn' }, signal),
  });
  return (
    <section className="drawer-section" data-testid="outfall-enforcement">
      <Typography.Title level={5}>{t('enforcement.outfallSection')}</Typography.Title>
      {cases.error ? (
        <ApiErrorAlert error={cases.error} onRetry={() => void cases.refetch()} />
      ) : (
        <List<EnforcementCaseRow>
          size="small"
          loading={cases.isLoading}
          dataSource={cases.data?.items ?? []}
          locale={{ emptyText: t('enforcement.outfallSectionEmpty') }}
          renderItem={(c) => (
            <List.Item data-testid="outfall-enforcement-case">
              <Link to={`/enforcement?case=${c.id}`}>{c.caseNo}</Link> {c.registeredOn}{' '}
              {label(VIOLATION_KIND_LABELS, c.kind)} <CaseStatusTag status={c.status} />{' '}
              {c.overdue && <OverdueTag />}
            </List.Item>
          )}
        />
      )}
    </section>
  );
}
