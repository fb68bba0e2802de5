import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RiversService, TasksService } from '@outfall/tasks';
import { RiverChiefLevel, TaskKind, TaskState, UnitKind } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { DEMO_WATERS } from '../directory-demo.data';

const K = UnitKind;
const ALL_SECTOR = [K.WaterBureau, K.CommerceIndustry, K.Housing, K.UrbanManagement, K.Agriculture];

/**
 * The plan's division of labour (三、工作要求 and 四、职责分工, 五 for submission), one task per clause: the
 * lead, cooperating and responsible units as the plan names them ("各乡镇、街道" = every township unit).
 * Deadlines follow the plan's targets; states are synthetic.
 */
const TASKS: {
  code: string;
  title: string;
  kind: TaskKind;
  clause: string;
  lead: UnitKind;
  cooperating: UnitKind[];
  townshipsResponsible?: boolean;
  responsible?: UnitKind[];
  deadline: string;
  state: TaskState;
  completedOn?: string;
  description: string;
}[] = [
  {
    code: 'RW-2023-01',
    title: '建立入河排污口名录清单',
    kind: TaskKind.Investigation,
    clause: '三（一）1',
    lead: K.WaterBureau,
    cooperating: [K.EcologyBranch, K.CommerceIndustry, K.Housing, K.UrbanManagement, K.Agriculture],
    townshipsResponsible: true,
    deadline: '2023-12-31',
    state: TaskState.Done,
    completedOn: '2023-12-20',
    description:
      '将排污口排查整治纳入河（湖）长制年度重点任务，全面摸清各级河流排污口分布、数量和位置，形成名录清单。',
  },
  {
    code: 'RW-2023-02',
    title: '建立排污口责任主体清单',
    kind: TaskKind.Investigation,
    clause: '三（一）2',
    lead: K.EcologyBranch,
    cooperating: ALL_SECTOR,
    townshipsResponsible: true,
    deadline: '2023-12-31',
    state: TaskState.Done,
    completedOn: '2023-12-28',
    description:
      '按照“谁污染、谁治理”原则逐一确定排污口责任主体；难以分清的由所在河段属地乡镇、街道作为责任主体。',
  },
  {
    code: 'RW-2023-03',
    title: '建立污染源清单，同步开展水质水量监测',
    kind: TaskKind.Monitoring,
    clause: '三（一）3',
    lead: K.EcologyBranch,
    cooperating: [K.WaterBureau],
    deadline: '2024-06-30',
    state: TaskState.Done,
    completedOn: '2024-06-18',
    description: '按照“边排查、边监测”要求，对拟保留的排污口同步开展水质水量监测，建立污染源清单。',
  },
  {
    code: 'RW-2023-04',
    title: '排污口溯源（重点河流溯源基本完成）',
    kind: TaskKind.Tracing,
    clause: '一、三（一）',
    lead: K.EcologyBranch,
    cooperating: [K.WaterBureau, K.Housing, K.Agriculture],
    townshipsResponsible: true,
    deadline: '2024-12-31',
    state: TaskState.InProgress,
    description:
      '查清排污口对应的排污单位及其隶属关系；2024年底前重点河流溯源基本完成，其他河流溯源不低于80%。',
  },
  {
    code: 'RW-2023-05',
    title: '实施分类整治，完成三个“一批”',
    kind: TaskKind.Remediation,
    clause: '三（二）',
    lead: K.EcologyBranch,
    cooperating: ALL_SECTOR,
    townshipsResponsible: true,
    deadline: '2025-08-31',
    state: TaskState.InProgress,
    description:
      '按照“依法取缔一批、清理合并一批、规范整治一批”要求，制定“一口一策”整治方案，有序分类开展整治。',
  },
  {
    code: 'RW-2023-06',
    title: '加强规划引领',
    kind: TaskKind.Other,
    clause: '三（三）1',
    lead: K.EcologyBranch,
    cooperating: [K.WaterBureau, K.Housing, K.Agriculture, K.DevelopmentReform],
    deadline: '2024-12-31',
    state: TaskState.Done,
    completedOn: '2024-11-30',
    description: '相关规划区划充分落实生态环境分区管控和排污口布局要求。',
  },
  {
    code: 'RW-2023-07',
    title: '规范排污口设置审核',
    kind: TaskKind.SetupReview,
    clause: '三（三）2',
    lead: K.EcologyBranch,
    cooperating: [K.WaterBureau],
    deadline: '2027-12-31',
    state: TaskState.InProgress,
    description: '工业排污口和城镇污水处理厂排污口设置依法实行审核制；可能影响防洪的征求水行政主管部门意见。',
  },
  {
    code: 'RW-2023-08',
    title: '加强排污口监督管理（长效监管）',
    kind: TaskKind.LongTermSupervision,
    clause: '三（三）3',
    lead: K.EcologyBranch,
    cooperating: [
      K.WaterBureau,
      K.CommerceIndustry,
      K.Housing,
      K.UrbanManagement,
      K.Transport,
      K.Agriculture,
    ],
    deadline: '2027-12-31',
    state: TaskState.InProgress,
    description: '对照名录清单和责任主体清单，通过核发排污许可证等措施明确自行监测、信息公开等要求。',
  },
  {
    code: 'RW-2023-09',
    title: '严格环境执法',
    kind: TaskKind.LongTermSupervision,
    clause: '三（三）4',
    lead: K.EcologyBranch,
    cooperating: [K.WaterBureau, K.UrbanManagement],
    deadline: '2027-12-31',
    state: TaskState.InProgress,
    description: '加大排污口环境执法力度，依法查处违法设置排污口和不按规定排污的行为。',
  },
  {
    code: 'RW-2023-10',
    title: '将排污口排查纳入河（湖）长制重点工作',
    kind: TaskKind.LongTermSupervision,
    clause: '四（二）',
    lead: K.WaterBureau,
    cooperating: [K.EcologyBranch],
    townshipsResponsible: true,
    deadline: '2026-12-31',
    state: TaskState.InProgress,
    description: '组织协调各级河（湖）长办开展排污口排查，提供河流流域面积、长度等基本资料。',
  },
  {
    code: 'RW-2023-11',
    title: '城镇污水处理厂排污口溯源整治',
    kind: TaskKind.Remediation,
    clause: '四（三）',
    lead: K.Housing,
    cooperating: [K.EcologyBranch],
    deadline: '2025-08-31',
    state: TaskState.InProgress,
    description: '提供市政污水管网资料，完成城镇污水处理厂相关排污口溯源整治。',
  },
  {
    code: 'RW-2023-12',
    title: '农业排污口溯源整治',
    kind: TaskKind.Remediation,
    clause: '四（四）',
    lead: K.Agriculture,
    cooperating: [K.EcologyBranch],
    deadline: '2025-08-31',
    state: TaskState.Done,
    completedOn: '2025-08-20',
    description: '提供畜禽规模养殖、水产养殖场资料，完成本行业相关排污口溯源整治。',
  },
  {
    code: 'RW-2023-13',
    title: '提供主管行业规模以上工业企业清单',
    kind: TaskKind.Investigation,
    clause: '四（三）（四）（五）',
    lead: K.CommerceIndustry,
    cooperating: [K.EcologyBranch],
    responsible: [K.Housing, K.Agriculture],
    deadline: '2023-09-30',
    state: TaskState.Done,
    completedOn: '2023-09-25',
    description:
      '提供装备制造、建材、纺织服装、商砼、农副食品加工等主管行业规模以上工业企业清单，含位置、行业类别。',
  },
  {
    code: 'RW-2023-14',
    title: '报送“一口一策”档案',
    kind: TaskKind.InformationSubmission,
    clause: '五（二）',
    lead: K.EcologyBranch,
    cooperating: [K.WaterBureau],
    townshipsResponsible: true,
    deadline: '2023-10-15',
    state: TaskState.Done,
    completedOn: '2023-10-12',
    description: '相关“一口一策”档案于2023年10月15日前报送至州生态环境局昌吉市分局。',
  },
  {
    code: 'RW-2023-15',
    title: '“一季一调度”进展信息报送',
    kind: TaskKind.InformationSubmission,
    clause: '五（一）（二）',
    lead: K.EcologyBranch,
    cooperating: [],
    responsible: [K.WaterBureau, K.Housing, K.Agriculture, K.CommerceIndustry],
    townshipsResponsible: true,
    deadline: '2026-12-31',
    state: TaskState.InProgress,
    description: '各单位联络员按季度报送排污口排查整治工作进展。',
  },
];

/** Sections cut from the demo rivers' centre lines (synthetic), with a county-level and a township-level chief. */
const SECTIONS: {
  water: string;
  name: string;
  from: string;
  to: string;
  points: [number, number];
  township: string;
}[] = [
  {
    water: 'TTH',
    name: '头屯河上游段（演示）',
    from: '硫磺沟镇南',
    to: '三工镇',
    points: [0, 2],
    township: '硫磺沟镇人民政府',
  },
  {
    water: 'TTH',
    name: '头屯河下游段（演示）',
    from: '三工镇',
    to: '六工镇北',
    points: [2, 4],
    township: '六工镇人民政府',
  },
  {
    water: 'STH',
    name: '三屯河上游段（演示）',
    from: '庙尔沟乡',
    to: '榆树沟镇',
    points: [0, 2],
    township: '榆树沟镇人民政府',
  },
  {
    water: 'STH',
    name: '三屯河下游段（演示）',
    from: '榆树沟镇',
    to: '滨湖镇',
    points: [2, 4],
    township: '滨湖镇人民政府',
  },
];

/**
 * Synthetic demo data for the tasks domain: the plan's tasks with their units, and river sections with
 * chiefs on the two key rivers; outfalls are then linked to sections. Runs once (skips when demo tasks exist).
 */
@Injectable()
export class TasksDemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
    private readonly rivers: RiversService,
  ) {}

  async run(): Promise<{ tasks: number; sections: number; chiefs: number }> {
    const [{ any }] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM task WHERE demo) OR EXISTS (SELECT 1 FROM river_section WHERE demo) AS any`,
    );
    if (any) return { tasks: 0, sections: 0, chiefs: 0 };
    const units = await this.dataSource.query<{ id: string; name: string; kind: UnitKind }[]>(
      `SELECT id, name, kind FROM unit ORDER BY name`,
    );
    const byKind = (kind: UnitKind) => units.find((u) => u.kind === kind)?.id;
    const townships = units.filter((u) => u.kind === UnitKind.Township).map((u) => u.id);
    let created = 0;
    for (const task of TASKS) {
      const lead = byKind(task.lead);
      if (!lead) continue;
      const ids = (kinds: UnitKind[]) => kinds.map(byKind).filter((id): id is string => !!id);
      await this.tasks.create(
        null,
        {
          code: task.code,
          title: task.title,
          kind: task.kind,
          description: task.description,
          sourceClause: task.clause,
          deadline: task.deadline,
          state: task.state,
          completedOn: task.completedOn,
          leadUnitId: lead,
          cooperatingUnitIds: ids(task.cooperating),
          responsibleUnitIds: [
            ...ids(task.responsible ?? []),
            ...(task.townshipsResponsible ? townships : []),
          ],
        },
        { demo: true },
      );
      created++;
    }
    const waters = new Map(
      (await this.dataSource.query<{ id: string; code: string }[]>(`SELECT id, code FROM water_body`)).map(
        (w) => [w.code, w.id],
      ),
    );
    const water = units.find((u) => u.kind === UnitKind.WaterBureau);
    let sections = 0;
    let chiefs = 0;
    for (const [index, s] of SECTIONS.entries()) {
      const waterBodyId = waters.get(s.water);
      const line = DEMO_WATERS.find((w) => w.code === s.water)?.line;
      const township = units.find((u) => u.name === s.township);
      if (!waterBodyId || !line || !water || !township) continue;
      const section = await this.rivers.createSection(
        {
          waterBodyId,
          name: s.name,
          fromDescription: s.from,
          toDescription: s.to,
          geometry: { type: 'LineString', coordinates: line.slice(s.points[0], s.points[1] + 1) },
        },
        { demo: true },
      );
      sections++;
      for (const chief of [
        {
          level: RiverChiefLevel.County,
          name: `县级河长${index + 1}（演示）`,
          unitId: water.id,
          position: '副市长',
        },
        {
          level: RiverChiefLevel.Township,
          name: `乡级河长${index + 1}（演示）`,
          unitId: township.id,
          position: '副镇长',
        },
      ]) {
        await this.rivers.createChief(
          { ...chief, sectionId: section.id, phone: `1380000${String(2000 + chiefs).slice(-4)}` },
          { demo: true },
        );
        chiefs++;
      }
    }
    return { tasks: created, sections, chiefs };
  }
}
