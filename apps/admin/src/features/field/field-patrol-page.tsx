import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n-context';
import { PatrolFormPage } from '../supervision/patrols';
import { FieldLayout } from './field-layout';

/** The patrol form in field mode: the same form and rules, back to the outfall once saved. */
export function FieldPatrolPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const outfall = params.get('outfall');
  const back = outfall ? `/field/outfalls/${outfall}` : '/field';
  return (
    <FieldLayout title={t('fieldMode.recordPatrol')} back={back}>
      <PatrolFormPage afterSave={() => void navigate(back)} cancelTo={back} />
    </FieldLayout>
  );
}
