import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context';
import { uploadFile } from './submissions.api';

/** Uploads attachments one by one to the accountability file store and reports their ids. */
export function FileUpload({ onChange }: { onChange(ids: string[]): void }) {
  const { t } = useI18n();
  const [ids, setIds] = useState<{ uid: string; id: string }[]>([]);
  return (
    <Upload
      multiple
      customRequest={({ file, onSuccess, onError }) => {
        uploadFile(file as File)
          .then((saved) => {
            const next = [...ids, { uid: (file as { uid: string }).uid, id: saved.id }];
            setIds(next);
            onChange(next.map((x) => x.id));
            onSuccess?.(saved);
          })
          .catch((error: Error) => onError?.(error));
      }}
      onRemove={(file) => {
        const next = ids.filter((x) => x.uid !== file.uid);
        setIds(next);
        onChange(next.map((x) => x.id));
      }}
    >
      <Button icon={<UploadOutlined />}>{t('submissions.upload')}</Button>
    </Upload>
  );
}
