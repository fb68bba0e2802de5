import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BEIJING_OFFSET_MS, beijingToday } from '@outfall/common';
import { addDays, parseQuarter, quarterEnd } from '@outfall/progress';
import { DEFAULT_ACCOUNTABILITY_CONFIG, reportingQuarter } from '@outfall/submissions';
import { DataSource } from 'typeorm';

/** A Beijing day and hour as an instant. */
const at = (day: string, hour: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + hour * 3600_000 - BEIJING_OFFSET_MS);

const NOTICES: {
  code: string;
  unit: string;
  subject: string;
  dueIn: number;
  answered?: number;
  status: string;
}[] = [
  {
    code: 'DB-DEMO-0001',
    unit: '六工镇人民政府',
    subject: '关于加快推进排污口整治方案报送的督办通知',
    dueIn: -20,
    answered: -22,
    status: 'closed',
  },
  {
    code: 'DB-DEMO-0002',
    unit: '六工镇人民政府',
    subject: '关于逾期未完成溯源工作的督办通知',
    dueIn: -5,
    status: 'sent',
  },
  {
    code: 'DB-DEMO-0003',
    unit: '三工镇人民政府',
    subject: '关于整治方案逾期的督办通知',
    dueIn: -10,
    answered: -8,
    status: 'answered',
  },
  {
    code: 'DB-DEMO-0004',
    unit: '昌吉市住房和城乡建设局',
    subject: '关于生活污水排污口整治进度滞后的督办通知',
    dueIn: 10,
    status: 'sent',
  },
  {
    code: 'DB-DEMO-0005',
    unit: '宁边路街道办事处',
    subject: '关于排污口标志牌设置的督办通知',
    dueIn: -3,
    answered: -4,
    status: 'answered',
  },
];

/**
 * Synthetic accountability demo: the default assessment configuration, a few supervision notices (answered on
 * time, answered late, overdue, open) and the last quarter's submissions of every reporting unit but one
 * (宁边路街道: missing), one of them late (三工镇). Idempotent (codes and unit × quarter are unique).
 */
@Injectable()
export class SubmissionsDemoSeeder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run(): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [config] = await em.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM accountability_config`,
      );
      if (!config.n)
        await em.query(`INSERT INTO accountability_config (config, note, saved_by) VALUES ($1, $2, $3)`, [
          JSON.stringify(DEFAULT_ACCOUNTABILITY_CONFIG),
          '默认考核办法（演示）',
          '系统初始化',
        ]);
      const units = new Map(
        (await em.query<{ id: string; name: string; kind: string }[]>(`SELECT id, name, kind FROM unit`)).map(
          (u) => [u.name, u],
        ),
      );
      const today = beijingToday();
      for (const n of NOTICES) {
        const unit = units.get(n.unit);
        if (!unit) continue;
        const due = addDays(today, n.dueIn);
        const sent = at(addDays(due, -15), 10);
        const responded = n.answered !== undefined ? at(addDays(today, n.answered), 16) : null;
        await em.query(
          `INSERT INTO supervision_notice (code, unit_id, subject, body, due_on, status, response, responded_at, closed_at, sent_by, sent_at, history, demo, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '生态环境分局 李工（演示）', $10, $11, true, 1)
           ON CONFLICT (code) DO NOTHING`,
          [
            n.code,
            unit.id,
            n.subject,
            `请${n.unit}对照整治工作方案，于期限前完成相关工作并书面回复（演示数据）。`,
            due,
            n.status,
            responded ? '已组织专人核查，相关工作已按要求推进，详见附件（演示）。' : null,
            responded,
            n.status === 'closed' ? at(addDays(today, (n.answered ?? 0) + 1), 11) : null,
            sent,
            JSON.stringify([
              { action: 'send', at: sent.toISOString(), by: '生态环境分局 李工（演示）', note: null },
            ]),
          ],
        );
      }
      const quarter = reportingQuarter(today);
      const q = parseQuarter(quarter);
      if (!q) return;
      const deadline = addDays(quarterEnd(q), DEFAULT_ACCOUNTABILITY_CONFIG.submissionDeadlineDays);
      let i = 0;
      for (const unit of [...units.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh'))) {
        if (unit.kind === 'ecology_branch' || unit.name === '宁边路街道办事处') continue;
        i++;
        const late = unit.name === '三工镇人民政府';
        const first = late ? at(addDays(deadline, 3), 9) : at(addDays(deadline, -1 - (i % 4)), 15);
        if (first.getTime() > Date.now()) continue;
        const status = late ? 'submitted' : i % 3 === 0 ? 'submitted' : 'accepted';
        await em.query(
          `INSERT INTO quarterly_submission (unit_id, quarter, status, figures, progress, problems, next_steps, liaison_name, liaison_phone,
                                             first_submitted_at, submitted_at, reviewed_at, history, demo, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, '联络员（演示）', '0994-2300000', $8, $8, $9, $10, true, 1)
           ON CONFLICT (unit_id, quarter) DO NOTHING`,
          [
            unit.id,
            quarter,
            status,
            JSON.stringify({
              investigated: 3 + (i % 5),
              traced: 2 + (i % 3),
              plansSubmitted: i % 4,
              remediated: i % 3,
              verified: i % 2,
              patrols: 4 + (i % 6),
            }),
            `${quarter} 本单位按整治工作方案推进排查、溯源和整治工作（演示）。`,
            i % 2 ? '部分排污口责任主体不明确，溯源进度偏慢。' : '无。',
            '下季度完成剩余排污口溯源，推进整治方案实施。',
            first,
            status === 'accepted' ? new Date(first.getTime() + 2 * 86_400_000) : null,
            JSON.stringify([{ action: 'submit', at: first.toISOString(), by: '联络员（演示）', note: null }]),
          ],
        );
      }
    });
  }
}
