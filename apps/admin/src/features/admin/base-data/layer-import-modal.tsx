import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Descriptions, Form, Modal, Radio, Table, Upload } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { importLayer } from './base-data.api';
import type { LayerImportResult, LayerName } from './base-data.types';
import type { ImportMode } from '../../imports/types';

const ACCEPT = '.geojson,.json,.xlsx';
const MAX_BYTES = 50 * 1024 * 1024;

/** Loads a GeoJSON FeatureCollection (or XLSX with a geometry column) into one reference layer. */
export function LayerImportModal({
  layer,
  title,
  invalidates,
  onClose,
}: {
  layer: LayerName;
  title: string;
  invalidates: readonly string[];
  onClose(): void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const upload = useMutation({
    mutationFn: () => importLayer(layer, file as File, mode),
    onSuccess: async (result) => {
      if (result.committed)
        await Promise.all(
          [...invalidates, 'audit'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
        );
    },
  });
  const result: LayerImportResult | undefined = upload.data;

  return (
    <Modal
      open
      width={720}
      title={title}
      okText={result ? t('common.close') : t('import.start')}
      cancelText={t('common.cancel')}
      okButtonProps={
        { disabled: !result && (!file || !!fileError), 'data-testid': 'layer-import-ok' } as never
      }
      confirmLoading={upload.isPending}
      onOk={() => (result ? onClose() : upload.mutate())}
      onCancel={onClose}
      destroyOnHidden
      data-testid="layer-import"
    >
      {!result ? (
        <Form layout="vertical">
          <Alert type="info" showIcon className="form-alert" message={t('baseData.import.formats')} />
          <Form.Item
            label={t('import.file')}
            validateStatus={fileError ? 'error' : undefined}
            help={fileError ?? file?.name}
          >
            <Upload.Dragger
              accept={ACCEPT}
              maxCount={1}
              showUploadList={false}
              beforeUpload={(picked) => {
                const name = picked.name.toLowerCase();
                setFile(picked);
                if (!ACCEPT.split(',').some((ext) => name.endsWith(ext)))
                  setFileError(t('baseData.import.wrongType'));
                else if (picked.size > MAX_BYTES) setFileError(t('import.tooLarge'));
                else if (picked.size === 0) setFileError(t('import.emptyFile'));
                else setFileError(null);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('import.drop')}</p>
            </Upload.Dragger>
          </Form.Item>
          <Form.Item label={t('import.mode')}>
            <Radio.Group value={mode} onChange={(event) => setMode(event.target.value as ImportMode)}>
              <Radio value="all_or_nothing">{t('baseData.import.allOrNothing')}</Radio>
              <Radio value="valid_only">{t('baseData.import.validOnly')}</Radio>
            </Radio.Group>
          </Form.Item>
          {upload.error && <ApiErrorAlert error={upload.error} />}
        </Form>
      ) : (
        <>
          <Alert
            type={result.committed ? (result.rejected ? 'warning' : 'success') : 'error'}
            showIcon
            className="form-alert"
            message={
              result.committed
                ? result.rejected
                  ? t('import.partly')
                  : t('import.done')
                : t('import.notCommitted')
            }
            data-testid="layer-import-result"
          />
          <Descriptions
            size="small"
            column={4}
            items={[
              { key: 'rows', label: t('import.rows'), children: result.rows },
              { key: 'created', label: t('import.created'), children: result.created },
              { key: 'updated', label: t('import.updated'), children: result.updated },
              { key: 'rejected', label: t('import.rejected'), children: result.rejected },
            ]}
          />
          {result.errors.length > 0 && (
            <Table
              size="small"
              rowKey={(row) => `${row.row}-${row.field ?? ''}-${row.message}`}
              dataSource={result.errors}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              columns={[
                { title: t('import.col.row'), dataIndex: 'row', width: 80 },
                { title: t('import.col.column'), dataIndex: 'field', width: 150 },
                { title: t('import.col.reason'), dataIndex: 'message' },
              ]}
            />
          )}
        </>
      )}
    </Modal>
  );
}
