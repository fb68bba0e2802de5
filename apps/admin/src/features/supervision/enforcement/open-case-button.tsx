import { CaseOrigin, Permission } from '@outfall/shared-types';
import { Button } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { useI18n } from '../../../i18n/i18n-context';
import { OpenCaseModal, type OpenCasePreset } from './case-forms';

/** "发起执法" on a monitoring row (an exceedance or a chronic exceeder): opens a case that keeps the link. */
export function OpenCaseButton({ preset }: { preset: OpenCasePreset & { origin: CaseOrigin } }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  if (!can(Permission.EnforcementWrite)) return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="open-case-from-monitoring">
        {t('enforcement.openCase')}
      </Button>
      {open && (
        <OpenCaseModal
          preset={preset}
          onClose={() => setOpen(false)}
          onOpened={(c) => {
            setOpen(false);
            void navigate(`/enforcement?case=${c.id}`);
          }}
        />
      )}
    </>
  );
}
