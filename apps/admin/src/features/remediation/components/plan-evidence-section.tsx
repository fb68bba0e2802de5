import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, List, Select, Space, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import {
  acceptedFileName,
  DOCUMENT_ACCEPT,
  downloadAttachment,
  listAttachments,
  MAX_ATTACHMENT_BYTES,
  PHOTO_ACCEPT,
  uploadAttachment,
} from '../attachments.api';
import { updatePlan } from '../api';
import type { AttachmentKind, OutfallAttachment, PlanRow } from '../types';
import type { MessageKey } from '../../../i18n/zh-cn';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { usePlanSaved } from '../hooks/use-plan-saved';

type EvidenceField = 'beforePhotoIds' | 'afterPhotoIds' | 'evidenceIds';

/** The three kinds of evidence a plan links: photos before and after the work (outfall photos), other files. */
const GROUPS: { field: EvidenceField; kind: AttachmentKind; title: MessageKey; testId: string }[] = [
  { field: 'beforePhotoIds', kind: 'photo', title: 'planEvidence.before', testId: 'before' },
  { field: 'afterPhotoIds', kind: 'photo', title: 'planEvidence.after', testId: 'after' },
  { field: 'evidenceIds', kind: 'document', title: 'planEvidence.other', testId: 'other' },
];

interface Props {
  plan: PlanRow;
  /** The user may link and unlink (remediation:write, plan not completed or verified). */
  canLink: boolean;
  /** The user may also upload new files to the outfall (directory:write). */
  canUpload: boolean;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * 佐证材料: the photos before / after the work and other documents linked to the plan. New files are uploaded
 * as the outfall's attachments, then linked to the plan (the existing ids kept, the new one appended).
 */
export function PlanEvidenceSection({ plan, canLink, canUpload }: Props) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<EvidenceField | null>(null);
  const attachments = useQuery({
    queryKey: ['attachments', plan.outfallId],
    queryFn: ({ signal }) => listAttachments(plan.outfallId, signal),
  });
  const byId = new Map((attachments.data ?? []).map((attachment) => [attachment.id, attachment]));

  const planSaved = usePlanSaved();
  const saved = (next: PlanRow) => planSaved(next, ['attachments', plan.outfallId]);
  const upload = useMutation({
    mutationFn: async ({ field, kind, file }: { field: EvidenceField; kind: AttachmentKind; file: File }) => {
      const attachment = await uploadAttachment(plan.outfallId, kind, file);
      return updatePlan(plan.id, { version: plan.version, [field]: [...plan[field], attachment.id] });
    },
    onSuccess: async (next) => {
      await saved(next);
      void message.success(t('planEvidence.uploaded'));
    },
    onSettled: () => setBusy(null),
  });
  const relink = useMutation({
    mutationFn: ({ field, ids }: { field: EvidenceField; ids: string[]; linked: boolean }) =>
      updatePlan(plan.id, { version: plan.version, [field]: ids }),
    onSuccess: async (next, { linked }) => {
      await saved(next);
      void message.success(t(linked ? 'planEvidence.linked' : 'planEvidence.unlinked'));
    },
  });
  const pending = upload.isPending || relink.isPending;
  /** The outfall's attachments that may go into this group and are not in it yet (e.g. an upload whose link failed). */
  const candidates = (field: EvidenceField, kind: AttachmentKind) =>
    (attachments.data ?? []).filter(
      (attachment) =>
        !plan[field].includes(attachment.id) && (kind === 'document' || attachment.kind !== 'document'),
    );
  const download = useMutation({ mutationFn: downloadAttachment });
  const error = upload.error ?? relink.error ?? download.error;

  const check = (file: File, kind: AttachmentKind): boolean => {
    if (file.size > MAX_ATTACHMENT_BYTES) {
      void message.error(t('planEvidence.tooLarge'));
      return false;
    }
    if (!acceptedFileName(file.name, kind)) {
      void message.error(t(kind === 'document' ? 'planEvidence.badDocument' : 'planEvidence.badPhoto'));
      return false;
    }
    return true;
  };

  const item = (field: EvidenceField, id: string) => {
    const attachment: OutfallAttachment | undefined = byId.get(id);
    return (
      <List.Item
        data-testid="plan-evidence-item"
        actions={
          canLink
            ? [
                <Button
                  key="unlink"
                  type="link"
                  size="small"
                  danger
                  disabled={pending}
                  onClick={() =>
                    relink.mutate({
                      field,
                      ids: plan[field].filter((linked) => linked !== id),
                      linked: false,
                    })
                  }
                  data-testid="plan-evidence-unlink"
                >
                  {t('planEvidence.unlink')}
                </Button>,
              ]
            : []
        }
      >
        {attachment ? (
          <List.Item.Meta
            title={
              <Typography.Link
                onClick={() => download.mutate(attachment)}
                data-testid="plan-evidence-download"
              >
                {attachment.fileName}
              </Typography.Link>
            }
            description={`${sizeText(attachment.sizeBytes)} · ${dateTime(attachment.createdAt)}`}
          />
        ) : (
          <Typography.Text type="secondary">
            {attachments.isLoading ? '…' : t('planEvidence.missing')}
          </Typography.Text>
        )}
      </List.Item>
    );
  };

  return (
    <div data-testid="plan-evidence">
      {error && (
        <ApiErrorAlert
          error={error}
          className="form-alert"
          onRetry={() => {
            upload.reset();
            relink.reset();
            download.reset();
            void queryClient.invalidateQueries({ queryKey: ['plans', 'detail', plan.id] });
          }}
          data-testid="plan-evidence-error"
        />
      )}
      {attachments.error && (
        <ApiErrorAlert
          error={attachments.error}
          title={t('planEvidence.loadError')}
          onRetry={() => void attachments.refetch()}
          className="form-alert"
        />
      )}
      {GROUPS.map(({ field, kind, title, testId }) => (
        <div key={field} style={{ marginBottom: 12 }} data-testid={`plan-evidence-${testId}`}>
          <Space size="middle" style={{ marginBottom: 4 }}>
            <Typography.Text strong>
              {t(title)} ({plan[field].length})
            </Typography.Text>
            {canLink && canUpload && (
              <span data-testid={`plan-upload-${testId}`}>
                <Upload
                  accept={kind === 'document' ? DOCUMENT_ACCEPT : PHOTO_ACCEPT}
                  showUploadList={false}
                  maxCount={1}
                  disabled={pending}
                  beforeUpload={(file) => (check(file, kind) ? true : Upload.LIST_IGNORE)}
                  customRequest={({ file }) => {
                    setBusy(field);
                    upload.mutate({ field, kind, file: file as File });
                  }}
                >
                  <Button size="small" loading={busy === field}>
                    {t(kind === 'document' ? 'planEvidence.uploadDocument' : 'planEvidence.uploadPhoto')}
                  </Button>
                </Upload>
              </span>
            )}
            {canLink && candidates(field, kind).length > 0 && (
              <Select<string>
                size="small"
                value={null}
                placeholder={t('planEvidence.linkExisting')}
                disabled={pending}
                popupMatchSelectWidth={false}
                style={{ minWidth: 160 }}
                options={candidates(field, kind).map((attachment) => ({
                  value: attachment.id,
                  label: attachment.fileName,
                }))}
                onChange={(id) => relink.mutate({ field, ids: [...plan[field], id], linked: true })}
                data-testid={`plan-link-${testId}`}
              />
            )}
          </Space>
          {attachments.isLoading && plan[field].length > 0 ? (
            <Spin size="small" />
          ) : (
            <List
              size="small"
              dataSource={plan[field]}
              locale={{
                emptyText: (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planEvidence.none')} />
                ),
              }}
              renderItem={(id) => item(field, id)}
            />
          )}
        </div>
      ))}
      {canLink && !canUpload && (
        <Typography.Text type="secondary">{t('planEvidence.noUploadRight')}</Typography.Text>
      )}
    </div>
  );
}
