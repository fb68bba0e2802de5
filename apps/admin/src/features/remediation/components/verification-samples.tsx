import { TargetState } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Alert, List, Tag, Typography } from 'antd';
import { listSamples } from '../../monitoring/api';
import type { PlanRow } from '../types';
import { useI18n } from '../../../i18n/i18n-context';
import type { MessageKey } from '../../../i18n/zh-cn';
import { beijingDay, sampleVerdict, type SampleVerdict } from './verification-samples.util';

const VERDICT_TEXT: Record<SampleVerdict, MessageKey> = {
  qualifies: 'verify.sample.qualifies',
  beforeCompletion: 'verify.sample.beforeCompletion',
  exceeding: 'verify.sample.exceeding',
  undetermined: 'verify.sample.undetermined',
  noLimit: 'verify.sample.noLimit',
};

/**
 * In the 核查销号 dialog of a plan whose outfall keeps discharging: which of the outfall's recent samples
 * qualifies as the compliance evidence, and why each other one does not.
 */
export function VerificationSamples({ plan }: { plan: PlanRow }) {
  const { t, dateTime } = useI18n();
  const samples = useQuery({
    queryKey: ['samples', 'verification', plan.outfall.id],
    queryFn: ({ signal }) =>
      listSamples({ limit: 10, offset: 0, outfallId: plan.outfall.id, sort: '-sampledAt' }, signal),
  });
  if (plan.targetState !== TargetState.CompliantDischarge) return null;
  const rows = (samples.data?.items ?? []).map((sample) => ({
    sample,
    verdict: sampleVerdict(sample, plan.completedOn),
  }));
  const chosen = rows.find((row) => row.verdict === 'qualifies');
  return (
    <div className="form-alert" data-testid="verify-samples">
      <Alert
        type={chosen ? 'success' : 'warning'}
        showIcon
        message={
          chosen
            ? t('verify.chosen', { date: beijingDay(chosen.sample.sampledAt) })
            : t('verify.none', { date: plan.completedOn ?? '' })
        }
        description={t('verify.rule', { date: plan.completedOn ?? '' })}
        data-testid="verify-samples-summary"
      />
      {rows.length > 0 && (
        <List
          size="small"
          loading={samples.isLoading}
          dataSource={rows}
          renderItem={({ sample, verdict }) => (
            <List.Item data-testid="verify-sample" data-verdict={verdict}>
              <Typography.Text>{dateTime(sample.sampledAt)}</Typography.Text>
              <Tag color={verdict === 'qualifies' ? 'green' : 'default'}>{t(VERDICT_TEXT[verdict])}</Tag>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
