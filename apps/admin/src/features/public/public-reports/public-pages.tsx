import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Result,
  Space,
  Tag,
  Timeline,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState, type MouseEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { solveChallenge } from './proof-of-work';
import {
  getChallenge,
  submitReport,
  trackReport,
  type Challenge,
  type CreatedReport,
  type ReportOutcome,
  type ReportStatus,
  type TrackedReport,
} from './public-reports.api';

const MAX_PHOTOS = 3;
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

interface FormValues {
  longitude?: number;
  latitude?: number;
  description?: string;
  contact?: string;
  anonymous?: boolean;
}

/** Click-to-pick on the city's extent (a plain grid: the public site loads no map tiles). */
function PickPanel({
  bbox,
  value,
  onPick,
}: {
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: Challenge['bbox'];
  value: [number | undefined, number | undefined];
  onPick(lon: number, lat: number): void;
}) {
  const { t } = useI18n();
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const click = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = (event.clientX - box.left) / box.width;
    const y = (event.clientY - box.top) / box.height;
    const lon = minLon + x * (maxLon - minLon);
    const lat = maxLat - y * (maxLat - minLat);
    onPick(Math.round(lon * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5);
  };
  const [lon, lat] = value;
  const marker =
    lon !== undefined && lat !== undefined && lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat
      ? {
          left: `${((lon - minLon) / (maxLon - minLon)) * 100}%`,
          top: `${((maxLat - lat) / (maxLat - minLat)) * 100}%`,
        }
      : null;
  return (
    <div>
      <div
        role="button"
        aria-label={t('publicReports.pickHint')}
        onClick={click}
        data-testid="report-pick"
        style={{
          position: 'relative',
          width: '100%',
          aspectRatio: '4 / 3',
          cursor: 'crosshair',
          border: '1px solid #d9d9d9',
          borderRadius: 6,
          backgroundColor: '#f0f7ff',
          backgroundImage:
            'linear-gradient(#d6e4ff 1px, transparent 1px), linear-gradient(90deg, #d6e4ff 1px, transparent 1px)',
          backgroundSize: '10% 10%',
        }}
      >
        {marker && (
          <span
            style={{
              position: 'absolute',
              ...marker,
              width: 14,
              height: 14,
              marginLeft: -7,
              marginTop: -7,
              borderRadius: '50%',
              background: '#cf1322',
              border: '2px solid #fff',
            }}
          />
        )}
      </div>
      <Typography.Text type="secondary">{t('publicReports.pickHint')}</Typography.Text>
    </div>
  );
}

/** 我要举报: location, description, photos, optional contact; proof of work in the browser; number + secret. */
export function PublicReportFormPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState<'work' | 'send' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [photoProblem, setPhotoProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedReport | null>(null);
  const [locating, setLocating] = useState(false);
  const meta = useQuery({ queryKey: ['public-reports', 'bbox'], queryFn: getChallenge, staleTime: Infinity });
  const lon = Form.useWatch('longitude', form);
  const lat = Form.useWatch('latitude', form);
  const anonymous = Form.useWatch('anonymous', form);

  const useMyLocation = () => {
    if (!navigator.geolocation) return setError(new Error(t('publicReports.noGeolocation')));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        form.setFieldsValue({
          longitude: Math.round(position.coords.longitude * 1e5) / 1e5,
          latitude: Math.round(position.coords.latitude * 1e5) / 1e5,
        });
      },
      () => {
        setLocating(false);
        setError(new Error(t('publicReports.noGeolocation')));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const submit = async (values: FormValues) => {
    setError(null);
    try {
      setBusy('work');
      const challenge = await getChallenge();
      const nonce = await solveChallenge(challenge.challenge, challenge.bits);
      setBusy('send');
      const fields: Record<string, string> = {
        longitude: String(values.longitude),
        latitude: String(values.latitude),
        description: values.description ?? '',
        anonymous: values.anonymous ? 'true' : 'false',
        challenge: challenge.challenge,
        nonce,
      };
      if (!values.anonymous && values.contact) fields['contact'] = values.contact;
      setCreated(
        await submitReport(
          fields,
          files.map((f) => f.originFileObj as File),
        ),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  if (created)
    return (
      <Result
        status="success"
        title={t('publicReports.created')}
        subTitle={t('publicReports.createdHint')}
        extra={
          <Card style={{ textAlign: 'left' }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('publicReports.trackingNo')}>
                <Typography.Text copyable strong data-testid="report-number">
                  {created.trackingNo}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('publicReports.secret')}>
                <Typography.Text copyable strong data-testid="report-secret">
                  {created.secret}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              message={t('publicReports.secretOnce')}
            />
            <Link
              to={`/public/report/track?number=${encodeURIComponent(created.trackingNo)}`}
              data-testid="report-track-link"
            >
              <Button type="primary" block style={{ marginTop: 12 }}>
                {t('publicReports.navTrack')}
              </Button>
            </Link>
          </Card>
        }
      />
    );

  return (
    <Card title={t('publicReports.navReport')} data-testid="report-form">
      <Typography.Paragraph type="secondary">{t('publicReports.intro')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ anonymous: false }}
      >
        <Form.Item label={t('publicReports.location')} required>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Button onClick={useMyLocation} loading={locating} block data-testid="report-my-location">
              {t('publicReports.useMyLocation')}
            </Button>
            {meta.data && (
              <PickPanel
                bbox={meta.data.bbox}
                value={[lon, lat]}
                onPick={(longitude, latitude) => form.setFieldsValue({ longitude, latitude })}
              />
            )}
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item
                name="longitude"
                noStyle
                rules={[{ required: true, message: t('publicReports.locationRequired') }]}
              >
                <InputNumber
                  placeholder={t('publicReports.longitude')}
                  style={{ width: '50%' }}
                  step={0.0001}
                  data-testid="report-longitude"
                />
              </Form.Item>
              <Form.Item
                name="latitude"
                noStyle
                rules={[{ required: true, message: t('publicReports.locationRequired') }]}
              >
                <InputNumber
                  placeholder={t('publicReports.latitude')}
                  style={{ width: '50%' }}
                  step={0.0001}
                  data-testid="report-latitude"
                />
              </Form.Item>
            </Space.Compact>
          </Space>
        </Form.Item>
        <Form.Item
          name="description"
          label={t('publicReports.description')}
          rules={[{ required: true, min: 5, max: 2000, message: t('publicReports.descriptionRule') }]}
        >
          <Input.TextArea
            rows={4}
            placeholder={t('publicReports.descriptionHint')}
            data-testid="report-description"
          />
        </Form.Item>
        <Form.Item label={t('publicReports.photos')} extra={photoProblem ?? t('publicReports.photosHint')}>
          <Upload.Dragger
            multiple
            accept={PHOTO_TYPES.join(',')}
            fileList={files}
            maxCount={MAX_PHOTOS}
            beforeUpload={(file) => {
              if (!PHOTO_TYPES.includes(file.type) || file.size > MAX_PHOTO_BYTES) {
                setPhotoProblem(t('publicReports.photoRefused', { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              setPhotoProblem(null);
              return false;
            }}
            onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_PHOTOS))}
            data-testid="report-photos"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('publicReports.photosDrop')}</p>
          </Upload.Dragger>
        </Form.Item>
        <Form.Item name="anonymous" valuePropName="checked">
          <Checkbox data-testid="report-anonymous">{t('publicReports.anonymous')}</Checkbox>
        </Form.Item>
        {!anonymous && (
          <Form.Item name="contact" label={t('publicReports.contact')} rules={[{ max: 100 }]}>
            <Input placeholder={t('publicReports.contactHint')} data-testid="report-contact" />
          </Form.Item>
        )}
        {error !== null && <ApiErrorAlert error={error} title={t('publicReports.submitFailed')} />}
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={busy !== null}
          data-testid="report-submit"
        >
          {busy === 'work'
            ? t('publicReports.working')
            : busy === 'send'
              ? t('publicReports.sending')
              : t('publicReports.submit')}
        </Button>
      </Form>
    </Card>
  );
}

const STATUS_COLOR: Record<ReportStatus, string> = { received: 'blue', assigned: 'orange', closed: 'green' };

export function ReportStatusTag({ status }: { status: ReportStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t(`publicReports.status.${status}`)}</Tag>;
}

export function ReportOutcomeTag({ outcome }: { outcome: ReportOutcome | null }) {
  const { t } = useI18n();
  if (!outcome) return <>—</>;
  const color = outcome === 'valid' ? 'red' : outcome === 'invalid' ? 'default' : 'purple';
  return <Tag color={color}>{t(`publicReports.outcome.${outcome}`)}</Tag>;
}

/** 举报查询: number + secret → status, public timeline, outcome and reply. */
export function PublicReportTrackPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const [result, setResult] = useState<TrackedReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const lookup = async (values: { number: string; secret: string }) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await trackReport(values.number.trim(), values.secret.trim()));
    } catch (e) {
      setResult(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('publicReports.navTrack')}>
        <Form
          layout="vertical"
          onFinish={(v: { number: string; secret: string }) => void lookup(v)}
          initialValues={{ number: params.get('number') ?? '' }}
        >
          <Form.Item name="number" label={t('publicReports.trackingNo')} rules={[{ required: true }]}>
            <Input placeholder="JB-20250101-0001" data-testid="track-number" />
          </Form.Item>
          <Form.Item name="secret" label={t('publicReports.secret')} rules={[{ required: true }]}>
            <Input.Password data-testid="track-secret" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="track-submit">
            {t('publicReports.trackSubmit')}
          </Button>
        </Form>
      </Card>
      {error !== null && <ApiErrorAlert error={error} title={t('publicReports.trackNotFound')} />}
      {result && (
        <Card data-testid="track-result">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('publicReports.trackingNo')}>{result.trackingNo}</Descriptions.Item>
            <Descriptions.Item label={t('publicReports.col.status')}>
              <span data-testid="track-status">
                <ReportStatusTag status={result.status} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('publicReports.col.receivedOn')}>
              {result.receivedOn}
            </Descriptions.Item>
            {result.outcome && (
              <Descriptions.Item label={t('publicReports.col.outcome')}>
                <ReportOutcomeTag outcome={result.outcome} />
              </Descriptions.Item>
            )}
            {result.reply && (
              <Descriptions.Item label={t('publicReports.reply')}>
                <span data-testid="track-reply">{result.reply}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Timeline
            style={{ marginTop: 16 }}
            items={result.timeline.map((step) => ({
              children: (
                <>
                  <Typography.Text strong>{step.on}</Typography.Text> {step.text}
                </>
              ),
            }))}
          />
        </Card>
      )}
    </Space>
  );
}
