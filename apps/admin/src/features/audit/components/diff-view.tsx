import { AuditAction } from '@outfall/shared-types';
import { Typography } from 'antd';
import { useState } from 'react';
import type { AuditLogRow } from '../types';
import { fieldLabel, showValue } from '../../../i18n/glossary';
import { useI18n } from '../../../i18n/i18n-context';

const COLLAPSED_LINES = 3;

/**
 * An audit row's changes, one line per field. Updates read `field: before → after`; a create lists the new
 * values (so does a batch ingest: counts, outfalls, the samples it created) and a delete the old ones. Long lists (a create snapshots every column) fold after a few lines.
 */
export function DiffView({
  action,
  diff,
  entityType,
}: {
  action: AuditAction;
  diff: AuditLogRow['diff'];
  /** Which record the diff is of: enum values are labelled per entity (`status` differs between them). */
  entityType: string;
}) {
  const { t, locale } = useI18n();
  const show = (field: string, value: unknown) => showValue(entityType, field, value, locale);
  const [open, setOpen] = useState(false);
  if (!diff) return null;
  const entries = Object.entries(diff);
  if (!entries.length) {
    // an update that changed nothing is worth saying; an empty create or delete snapshot is not
    return action === AuditAction.Update ? (
      <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>
    ) : null;
  }
  const shown = open ? entries : entries.slice(0, COLLAPSED_LINES);
  return (
    <ul className="diff">
      {shown.map(([field, { before, after }]) => (
        <li key={field}>
          <span className="diff-field" title={field}>
            {fieldLabel(field, locale)}
          </span>
          :{' '}
          {(action === AuditAction.Create || action === AuditAction.Ingest) && (
            <ins>{show(field, after)}</ins>
          )}
          {action === AuditAction.Delete && <del>{show(field, before)}</del>}
          {action === AuditAction.Update && (
            <>
              <del>{show(field, before)}</del> → <ins>{show(field, after)}</ins>
            </>
          )}
        </li>
      ))}
      {entries.length > COLLAPSED_LINES && (
        <li>
          <Typography.Link onClick={() => setOpen(!open)}>
            {open ? t('audit.fewer') : t('audit.more', { count: entries.length - COLLAPSED_LINES })}
          </Typography.Link>
        </li>
      )}
    </ul>
  );
}
