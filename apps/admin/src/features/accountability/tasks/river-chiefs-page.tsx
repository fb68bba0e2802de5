import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { Permission, RIVER_CHIEF_LEVEL_LABELS, RiverChiefLevel } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../api/api-error';
import { useAuth } from '../../../api/auth-context';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import {
  createChief,
  createSection,
  deleteChief,
  deleteSection,
  listChiefs,
  listSections,
  relinkSections,
  updateChief,
  updateSection,
} from './tasks.api';
import type { RiverChiefRow, RiverSectionRow } from './tasks.types';
import { useUnitOptions } from './use-unit-options';
import { localFieldErrors } from '../../../i18n/field-errors.util';

const PAGE_SIZE = 20;

function useFieldErrors<T>(form: ReturnType<typeof Form.useForm<T>>[0]) {
  const { locale } = useI18n();
  return (error: unknown) => {
    if (!(error instanceof ApiError)) return;
    form.setFields(
      [...localFieldErrors(error, locale).entries()].map(([name, message]) => ({
        name: name as never,
        errors: [message],
      })),
    );
  };
}

function SectionModal({ section, onClose }: { section: RiverSectionRow | null; onClose: () => void }) {
  const { t } = useI18n();
  const { waterBodies } = useDirectoryLookups();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{
    waterBodyId: string;
    name: string;
    fromDescription?: string;
    toDescription?: string;
    geometry?: string;
  }>();
  const onError = useFieldErrors(form);
  const save = useMutation({
    mutationFn: async (values: {
      waterBodyId: string;
      name: string;
      fromDescription?: string;
      toDescription?: string;
      geometry?: string;
    }) => {
      let geometry: Record<string, unknown> | null = null;
      try {
        geometry = values.geometry?.trim() ? (JSON.parse(values.geometry) as Record<string, unknown>) : null;
      } catch {
        form.setFields([{ name: 'geometry', errors: [t('tasks.geometryInvalid')] }]);
        throw new Error(t('tasks.geometryInvalid'));
      }
      const body = {
        name: values.name.trim(),
        fromDescription: values.fromDescription?.trim() || undefined,
        toDescription: values.toDescription?.trim() || undefined,
        geometry,
      };
      return section
        ? updateSection(section.id, { ...body, version: section.version })
        : createSection({ ...body, waterBodyId: values.waterBodyId });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['river-sections'] });
      onClose();
    },
    onError,
  });
  return (
    <Modal
      open
      title={section ? section.name : t('tasks.createSection')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {save.error instanceof ApiError && !save.error.fieldErrors().size && (
        <ApiErrorAlert error={save.error} />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        initialValues={
          section
            ? {
                ...section,
                fromDescription: section.fromDescription ?? undefined,
                toDescription: section.toDescription ?? undefined,
                geometry: section.geojson ? JSON.stringify(section.geojson) : undefined,
              }
            : {}
        }
      >
        <Form.Item
          name="waterBodyId"
          label={t('tasks.water')}
          rules={[{ required: true, message: t('tasks.required') }]}
        >
          <Select disabled={!!section} options={waterBodies.map((w) => ({ value: w.id, label: w.name }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('tasks.sectionName')}
          rules={[{ required: true, message: t('tasks.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="fromDescription" label={t('tasks.from')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="toDescription" label={t('tasks.to')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="geometry" label={t('tasks.geometry')}>
          <Input.TextArea
            rows={4}
            placeholder='{"type":"LineString","coordinates":[[87.4,44.0],[87.38,44.2]]}'
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ChiefValues {
  sectionId: string;
  level: RiverChiefLevel;
  name: string;
  unitId: string;
  position?: string;
  phone: string;
}

function ChiefModal({
  chief,
  sections,
  onClose,
}: {
  chief: RiverChiefRow | null;
  sections: RiverSectionRow[];
  onClose: () => void;
}) {
  const { t, label } = useI18n();
  const units = useUnitOptions();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ChiefValues>();
  const onError = useFieldErrors(form);
  const save = useMutation({
    mutationFn: (values: ChiefValues) => {
      const body = {
        ...values,
        name: values.name.trim(),
        phone: values.phone.trim(),
        position: values.position?.trim() || undefined,
      };
      if (chief) {
        const { sectionId: _s, ...rest } = body;
        return updateChief(chief.id, { ...rest, version: chief.version });
      }
      return createChief(body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['river-chiefs'] });
      onClose();
    },
    onError,
  });
  const required = [{ required: true, message: t('tasks.required') }];
  return (
    <Modal
      open
      title={chief ? chief.name : t('tasks.createChief')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {save.error instanceof ApiError && !save.error.fieldErrors().size && (
        <ApiErrorAlert error={save.error} />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        initialValues={chief ? { ...chief, position: chief.position ?? undefined } : {}}
      >
        <Form.Item name="sectionId" label={t('tasks.sectionName')} rules={required}>
          <Select
            disabled={!!chief}
            options={sections.map((s) => ({ value: s.id, label: `${s.waterBodyName ?? ''} ${s.name}` }))}
          />
        </Form.Item>
        <Form.Item name="level" label={t('tasks.level')} rules={required}>
          <Select
            options={Object.values(RiverChiefLevel).map((level) => ({
              value: level,
              label: label(RIVER_CHIEF_LEVEL_LABELS, level),
            }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('tasks.chiefName')} rules={required}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="unitId" label={t('tasks.unit')} rules={required}>
          <Select showSearch optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item name="position" label={t('tasks.position')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="phone" label={t('tasks.phone')} rules={required}>
          <Input maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** River sections (河段) and their river chiefs (河湖长), with links to each section's chief view. */
export function RiverChiefsPage() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const write = can(Permission.RiverChiefWrite);
  const [sectionPage, setSectionPage] = useState(1);
  const [sectionSort, setSectionSort] = useState<string | undefined>();
  const [chiefPage, setChiefPage] = useState(1);
  const [chiefFilter, setChiefFilter] = useState<{
    sectionId?: string;
    level?: RiverChiefLevel;
    q?: string;
    sort?: string;
  }>({});
  const [editingSection, setEditingSection] = useState<RiverSectionRow | 'new' | null>(null);
  const [editingChief, setEditingChief] = useState<RiverChiefRow | 'new' | null>(null);
  const sections = useQuery({
    queryKey: ['river-sections', { sectionPage, sectionSort }],
    queryFn: ({ signal }) =>
      listSections({ limit: PAGE_SIZE, offset: (sectionPage - 1) * PAGE_SIZE, sort: sectionSort }, signal),
    placeholderData: keepPreviousData,
  });
  const allSections = useQuery({
    queryKey: ['river-sections', 'all'],
    queryFn: ({ signal }) => listSections({ limit: 200, offset: 0 }, signal),
  });
  const chiefs = useQuery({
    queryKey: ['river-chiefs', { chiefPage, ...chiefFilter }],
    queryFn: ({ signal }) =>
      listChiefs({ limit: PAGE_SIZE, offset: (chiefPage - 1) * PAGE_SIZE, ...chiefFilter }, signal),
    placeholderData: keepPreviousData,
  });
  const relink = useMutation({
    mutationFn: relinkSections,
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['river-sections'] });
      void message.success(t('tasks.relinked', { linked: result.linked, distance: result.distanceM }));
    },
  });
  const removeSection = useMutation({
    mutationFn: deleteSection,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['river-sections'] }),
  });
  const removeChief = useMutation({
    mutationFn: deleteChief,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['river-chiefs'] }),
  });

  const sectionColumns: TableColumnsType<RiverSectionRow> = [
    { title: t('tasks.water'), dataIndex: 'waterBodyName', ...sortable(sectionSort, 'water') },
    {
      title: t('tasks.sectionName'),
      dataIndex: 'name',
      ...sortable(sectionSort, 'name'),
      render: (name: string, section) => (
        <>
          {name}
          {section.demo && <DemoTag compact />}
        </>
      ),
    },
    { title: t('tasks.from'), dataIndex: 'fromDescription' },
    { title: t('tasks.to'), dataIndex: 'toDescription' },
    { title: t('tasks.outfallCount'), dataIndex: 'outfallCount', width: 110 },
    {
      title: t('tasks.actions'),
      key: 'actions',
      width: 220,
      render: (_, section) => (
        <Space size="small">
          <Link to={`/river-chiefs/sections/${section.id}`} data-testid={`section-view-${section.name}`}>
            <EyeOutlined /> {t('tasks.chiefView')}
          </Link>
          {write && (
            <>
              <Button
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditingSection(section)}
                aria-label={t('tasks.edit')}
              />
              <Popconfirm title={t('tasks.delete')} onConfirm={() => removeSection.mutate(section.id)}>
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('tasks.delete')} />
              </Popconfirm>
            </>
          )}
        </Space>
      ),
    },
  ];
  const chiefColumns: TableColumnsType<RiverChiefRow> = [
    { title: t('tasks.sectionName'), dataIndex: 'sectionName', ...sortable(chiefFilter.sort, 'section') },
    {
      title: t('tasks.level'),
      dataIndex: 'level',
      ...sortable(chiefFilter.sort, 'level'),
      render: (level: RiverChiefLevel) => label(RIVER_CHIEF_LEVEL_LABELS, level),
    },
    { title: t('tasks.chiefName'), dataIndex: 'name', ...sortable(chiefFilter.sort, 'name') },
    { title: t('tasks.position'), dataIndex: 'position' },
    { title: t('tasks.unit'), dataIndex: 'unitName' },
    { title: t('tasks.phone'), dataIndex: 'phone' },
    ...(write
      ? [
          {
            title: t('tasks.actions'),
            key: 'actions',
            width: 110,
            render: (_: unknown, chief: RiverChiefRow) => (
              <Space size="small">
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditingChief(chief)}
                  aria-label={t('tasks.edit')}
                />
                <Popconfirm title={t('tasks.delete')} onConfirm={() => removeChief.mutate(chief.id)}>
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('tasks.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Title level={3}>{t('tasks.riverMenu')}</Typography.Title>
        {write && (
          <Space>
            <Button icon={<SyncOutlined />} loading={relink.isPending} onClick={() => relink.mutate()}>
              {t('tasks.relink')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditingSection('new')}>
              {t('tasks.createSection')}
            </Button>
          </Space>
        )}
      </Space>
      {[sections.error, relink.error, removeSection.error, removeChief.error].map(
        (error, i) => error && <ApiErrorAlert key={i} error={error} className="section-alert" />,
      )}
      <Typography.Title level={4}>{t('tasks.sections')}</Typography.Title>
      <Table<RiverSectionRow>
        rowKey="id"
        size="middle"
        columns={sectionColumns}
        dataSource={sections.data?.items ?? []}
        loading={sections.isFetching}
        locale={{ emptyText: <Empty description={t('tasks.noSections')} /> }}
        onChange={pageAndSort(setSectionPage, setSectionSort)}
        pagination={{
          current: sectionPage,
          pageSize: PAGE_SIZE,
          total: sections.data?.total ?? 0,
          showSizeChanger: false,
        }}
        data-testid="section-table"
      />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 24 }}>
        <Typography.Title level={4}>{t('tasks.chiefs')}</Typography.Title>
        {write && (
          <Button icon={<PlusOutlined />} onClick={() => setEditingChief('new')}>
            {t('tasks.createChief')}
          </Button>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('tasks.chiefName')}
          onSearch={(q) => {
            setChiefFilter((f) => ({ ...f, q: q.trim() || undefined }));
            setChiefPage(1);
          }}
        />
        <Select
          allowClear
          style={{ width: 220 }}
          placeholder={t('tasks.sectionName')}
          options={(allSections.data?.items ?? []).map((s) => ({
            value: s.id,
            label: `${s.waterBodyName ?? ''} ${s.name}`,
          }))}
          onChange={(sectionId?: string) => {
            setChiefFilter((f) => ({ ...f, sectionId }));
            setChiefPage(1);
          }}
        />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('tasks.level')}
          options={Object.values(RiverChiefLevel).map((level) => ({
            value: level,
            label: label(RIVER_CHIEF_LEVEL_LABELS, level),
          }))}
          onChange={(level?: RiverChiefLevel) => {
            setChiefFilter((f) => ({ ...f, level }));
            setChiefPage(1);
          }}
        />
      </Space>
      {chiefs.error && <ApiErrorAlert error={chiefs.error} className="section-alert" />}
      <Table<RiverChiefRow>
        rowKey="id"
        size="middle"
        columns={chiefColumns}
        dataSource={chiefs.data?.items ?? []}
        loading={chiefs.isFetching}
        locale={{ emptyText: <Empty description={t('tasks.noChiefs')} /> }}
        onChange={pageAndSort(setChiefPage, (sort) => setChiefFilter((f) => ({ ...f, sort })))}
        pagination={{
          current: chiefPage,
          pageSize: PAGE_SIZE,
          total: chiefs.data?.total ?? 0,
          showSizeChanger: false,
        }}
        data-testid="chief-table"
      />
      {editingSection && (
        <SectionModal
          section={editingSection === 'new' ? null : editingSection}
          onClose={() => setEditingSection(null)}
        />
      )}
      {editingChief && (
        <ChiefModal
          chief={editingChief === 'new' ? null : editingChief}
          sections={allSections.data?.items ?? []}
          onClose={() => setEditingChief(null)}
        />
      )}
    </>
  );
}
