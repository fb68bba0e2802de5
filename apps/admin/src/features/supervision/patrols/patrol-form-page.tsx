import { AimOutlined, CameraOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  PATROL_FINDING_KIND_LABELS,
  PATROL_FLOW_LABELS,
  PatrolFindingKind,
  PatrolFlow,
} from '@outfall/shared-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/api-error';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { OutfallPicker } from '../../outfalls/components/outfall-picker';
import { fieldErrorLines } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { draftKey, hasInput } from '../../field/draft.util';
import { useFormDraft } from '../../field/use-form-draft';
import { createPatrol, uploadPatrolPhoto, type CreatePatrolInput } from './patrols.api';

const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

interface FormValues {
  outfallId?: string;
  patrolledAt: string;
  patrollerNames: string;
  longitude?: number;
  latitude?: number;
  signIntact: boolean;
  discharging: boolean;
  colourAbnormal: boolean;
  odourAbnormal: boolean;
  flowEstimate: PatrolFlow;
  newPipesNearby: boolean;
  findings: { kind?: PatrolFindingKind; description?: string }[];
  notes?: string;
}

/** Now on Beijing's wall clock, as a datetime-local value (the API reads a time without offset as Beijing time). */
const beijingNow = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16);

/** `findings[1].kind` → ['findings', 1, 'kind'] (the API's field paths as antd form names). */
const namePath = (field: string) =>
  field
    .split(/[.[\]]/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));

interface Props {
  /** Where to go once saved (default: the patrol's page). Field mode returns to the outfall. */
  afterSave?: (patrolId: string) => void;
  /** Where cancel leads (default: the patrol list). */
  cancelTo?: string;
}

/**
 * 录入巡查记录: one vertical form that works on a phone (390 px): outfall, time, patrollers, the GPS point (the
 * device's location with one tap), the checklist, findings, photos (the camera opens on phones) and notes.
 * What is entered is kept as a draft in the browser (photos included) until it is saved, so a reload or a
 * lost signal in the field loses nothing; the draft is offered back when the form opens again.
 */
export function PatrolFormPage({ afterSave, cancelTo = '/patrols' }: Props = {}) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [photos, setPhotos] = useState<File[]>([]);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<string | null>(null);
  const [unplaced, setUnplaced] = useState<unknown>(null);
  const presetOutfall = params.get('outfall') ?? undefined;
  const defaults = useMemo<Partial<FormValues>>(
    () => ({
      outfallId: presetOutfall,
      patrolledAt: beijingNow(),
      signIntact: true,
      discharging: false,
      colourAbnormal: false,
      odourAbnormal: false,
      flowEstimate: PatrolFlow.None,
      newPipesNearby: false,
      findings: [],
    }),
    [presetOutfall],
  );
  const draft = useFormDraft<Partial<FormValues>>(draftKey('patrol', presetOutfall));
  const [draftShown, setDraftShown] = useState<number | null>(null);
  useEffect(() => {
    if (!draft.restored) return;
    form.setFieldsValue(draft.restored.values as FormValues);
    setPhotos(draft.restored.photos);
    setDraftShown(draft.restored.savedAt);
  }, [draft.restored, form]);
  const keepDraft = (files: File[] = photos) => {
    const values = form.getFieldsValue(true) as Partial<FormValues>;
    if (hasInput(values, defaults as Record<string, unknown>) || files.length) draft.save(values, files);
  };
  const discardDraft = () => {
    void draft.drop();
    form.resetFields();
    setPhotos([]);
    setDraftShown(null);
  };

  const save = useMutation({
    mutationFn: async (values: FormValues) => {
      const input: CreatePatrolInput = {
        outfallId: values.outfallId ?? '',
        patrolledAt: values.patrolledAt,
        patrollerNames: values.patrollerNames,
        longitude: Number(values.longitude),
        latitude: Number(values.latitude),
        signIntact: values.signIntact,
        discharging: values.discharging,
        colourAbnormal: values.colourAbnormal,
        odourAbnormal: values.odourAbnormal,
        flowEstimate: values.flowEstimate,
        newPipesNearby: values.newPipesNearby,
        notes: values.notes?.trim() || undefined,
        findings: (values.findings ?? []).map((f) => ({
          kind: f.kind as PatrolFindingKind,
          description: f.description ?? '',
        })),
      };
      const patrol = await createPatrol(input);
      const failed: string[] = [];
      for (const file of photos) {
        try {
          await uploadPatrolPhoto(patrol.id, file);
        } catch (error) {
          failed.push(
            t('patrols.form.photoFailed', {
              name: file.name,
              reason: error instanceof ApiError ? error.message : String(error),
            }),
          );
        }
      }
      return { patrol, failed };
    },
    onSuccess: async ({ patrol, failed }) => {
      await draft.drop();
      await queryClient.invalidateQueries({ queryKey: ['patrols'] });
      void message.success(t('patrols.form.created'));
      for (const line of failed) void message.warning(line);
      if (afterSave) afterSave(patrol.id);
      else void navigate(`/patrols/${patrol.id}`);
    },
    onError: (error) => {
      const placed: { name: (string | number)[]; errors: string[] }[] = [];
      let rest = !(error instanceof ApiError) || error.fieldErrors().size === 0;
      for (const [field, errors] of fieldErrorLines(error, i18n)) {
        if (field === 'file') rest = true;
        else placed.push({ name: namePath(field), errors });
      }
      form.setFields(placed as never);
      setUnplaced(rest ? error : null);
    },
  });

  const locate = () => {
    setLocateError(null);
    if (!('geolocation' in navigator)) {
      setLocateError(t('patrols.form.noGeolocation'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        form.setFieldsValue({
          longitude: Number(position.coords.longitude.toFixed(6)),
          latitude: Number(position.coords.latitude.toFixed(6)),
        });
        keepDraft();
      },
      (error) => {
        setLocating(false);
        setLocateError(t('patrols.form.locateFailed', { reason: error.message }));
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const choosePhotos = (files: FileList | null) => {
    const list = [...(files ?? [])];
    const tooBig = list.filter((f) => f.size > MAX_PHOTO_BYTES);
    setPhotoError(
      tooBig.length ? tooBig.map((f) => t('patrols.form.photoTooBig', { name: f.name })).join('；') : null,
    );
    setPhotos((current) => {
      const next = [...current, ...list.filter((f) => f.size <= MAX_PHOTO_BYTES)].slice(0, 12);
      keepDraft(next);
      return next;
    });
  };
  const removePhoto = (index: number) =>
    setPhotos((list) => {
      const next = list.filter((_, j) => j !== index);
      keepDraft(next);
      return next;
    });

  const required = (field: string) => ({ required: true, message: t('patrols.form.required', { field }) });

  return (
    <div className="patrol-form-page" data-testid="patrol-form-page">
      <div className="page-header">
        <Typography.Title level={3}>{t('patrols.form.title')}</Typography.Title>
      </div>
      {unplaced ? (
        <ApiErrorAlert error={unplaced} className="form-alert" data-testid="patrol-form-error" />
      ) : null}
      {draftShown !== null && (
        <Alert
          type="info"
          showIcon
          className="form-alert"
          message={t('fieldMode.draftRestored', { time: i18n.dateTime(new Date(draftShown).toISOString()) })}
          action={
            <Button size="small" onClick={discardDraft} data-testid="patrol-form-discard-draft">
              {t('fieldMode.discardDraft')}
            </Button>
          }
          data-testid="patrol-form-draft"
        />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={defaults}
        onValuesChange={() => keepDraft()}
        onFinish={(values) => {
          setUnplaced(null);
          save.mutate(values);
        }}
        scrollToFirstError
        data-testid="patrol-form"
      >
        <Form.Item
          name="outfallId"
          label={t('patrols.form.outfall')}
          rules={[required(t('patrols.form.outfall'))]}
        >
          <OutfallPicker data-testid="patrol-form-outfall" />
        </Form.Item>
        <Form.Item name="patrolledAt" label={t('patrols.form.at')} rules={[required(t('patrols.form.at'))]}>
          <Input type="datetime-local" data-testid="patrol-form-at" />
        </Form.Item>
        <Form.Item
          name="patrollerNames"
          label={t('patrols.form.people')}
          rules={[{ ...required(t('patrols.form.people')), whitespace: true }]}
        >
          <Input maxLength={100} placeholder="张三、李四" data-testid="patrol-form-people" />
        </Form.Item>
        <Card size="small" title={t('patrols.form.location')} className="patrol-form-card">
          <Button
            block
            icon={<AimOutlined />}
            loading={locating}
            onClick={locate}
            data-testid="patrol-form-locate"
          >
            {locating ? t('patrols.form.locating') : t('patrols.form.locate')}
          </Button>
          {locateError && (
            <Alert type="warning" showIcon message={locateError} className="patrol-form-note" />
          )}
          <Form.Item
            name="longitude"
            label={t('patrols.form.longitude')}
            rules={[required(t('patrols.form.longitude'))]}
            className="patrol-form-note"
          >
            <InputNumber
              style={{ width: '100%' }}
              step={0.000001}
              inputMode="decimal"
              data-testid="patrol-form-lon"
            />
          </Form.Item>
          <Form.Item
            name="latitude"
            label={t('patrols.form.latitude')}
            rules={[required(t('patrols.form.latitude'))]}
          >
            <InputNumber
              style={{ width: '100%' }}
              step={0.000001}
              inputMode="decimal"
              data-testid="patrol-form-lat"
            />
          </Form.Item>
        </Card>
        <Card size="small" title={t('patrols.form.checklist')} className="patrol-form-card">
          {(
            [
              ['signIntact', 'patrols.form.signIntact'],
              ['discharging', 'patrols.form.discharging'],
              ['colourAbnormal', 'patrols.form.colourAbnormal'],
              ['odourAbnormal', 'patrols.form.odourAbnormal'],
              ['newPipesNearby', 'patrols.form.newPipes'],
            ] as const
          ).map(([name, key]) => (
            <Form.Item key={name} name={name} valuePropName="checked" className="patrol-form-check">
              <Checkbox data-testid={`patrol-form-${name}`}>{t(key)}</Checkbox>
            </Form.Item>
          ))}
          <Form.Item name="flowEstimate" label={t('patrols.form.flow')}>
            <Radio.Group
              optionType="button"
              options={Object.values(PatrolFlow).map((v) => ({
                value: v,
                label: label(PATROL_FLOW_LABELS, v),
              }))}
              data-testid="patrol-form-flow"
            />
          </Form.Item>
        </Card>
        <Card size="small" title={t('patrols.form.findings')} className="patrol-form-card">
          <Form.List name="findings">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <div key={field.key} className="patrol-finding" data-testid="patrol-form-finding">
                    <Form.Item
                      name={[field.name, 'kind']}
                      label={t('patrols.form.findingKind')}
                      rules={[required(t('patrols.form.findingKind'))]}
                    >
                      <Select
                        options={Object.values(PatrolFindingKind).map((v) => ({
                          value: v,
                          label: label(PATROL_FINDING_KIND_LABELS, v),
                        }))}
                        data-testid="patrol-form-finding-kind"
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'description']}
                      label={t('patrols.form.findingText')}
                      rules={[{ ...required(t('patrols.form.findingText')), whitespace: true }]}
                    >
                      <Input.TextArea rows={2} maxLength={1000} data-testid="patrol-form-finding-text" />
                    </Form.Item>
                    <Button size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                  </div>
                ))}
                <Button
                  block
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({})}
                  data-testid="patrol-form-add-finding"
                >
                  {t('patrols.form.addFinding')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Card size="small" title={t('patrols.form.photos')} className="patrol-form-card">
          <label className="patrol-photo-input">
            <CameraOutlined /> {t('patrols.form.photoHint')}
            <input
              type="file"
              accept="image/*"
              capture="environment"
              multiple
              onChange={(event) => {
                choosePhotos(event.target.files);
                event.target.value = '';
              }}
              data-testid="patrol-form-photos"
            />
          </label>
          {photoError && <Alert type="warning" showIcon message={photoError} className="patrol-form-note" />}
          {photos.length > 0 && (
            <Space direction="vertical" className="patrol-form-note" style={{ width: '100%' }}>
              {photos.map((file, i) => (
                <Space key={`${file.name}-${i}`} data-testid="patrol-form-photo">
                  <span>{file.name}</span>
                  <Button size="small" icon={<DeleteOutlined />} onClick={() => removePhoto(i)} />
                </Space>
              ))}
            </Space>
          )}
        </Card>
        <Form.Item name="notes" label={t('patrols.form.notes')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="patrol-form-notes" />
        </Form.Item>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={save.isPending}
            data-testid="patrol-form-submit"
          >
            {t('patrols.form.submit')}
          </Button>
          <Button block onClick={() => void navigate(cancelTo)}>
            {t('patrols.form.cancel')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}
