import { DateTime } from 'luxon';
import type { DepartmentFigures, StatsReport } from './figures';

/** Department name as people read it (the catalogue's zh name), the code when unknown. */
export type NameOf = (code: string) => string;

/**
 * The weekly 通报 order: on-time reply rate first, then satisfaction; a department with nothing
 * to judge goes after those with figures, and ties keep the code order.
 */
export function rankDepartments(rows: readonly DepartmentFigures[]): DepartmentFigures[] {
  const desc = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);
  return [...rows].sort(
    (a, b) =>
      desc(a.replied.rate, b.replied.rate) ||
      desc(a.satisfaction.rate, b.satisfaction.rate) ||
      b.received - a.received ||
      a.department.localeCompare(b.department),
  );
}

const COLUMNS = [
  ['排名 Rank', (_d: DepartmentFigures, rank: number) => String(rank)],
  ['单位 Department', (d: DepartmentFigures, _r: number, name: NameOf) => name(d.department)],
  ['受理 Received', (d: DepartmentFigures) => String(d.received)],
  ['按时签收 Accepted on time', (d: DepartmentFigures) => judged(d.accepted)],
  ['按时答复 Replied on time', (d: DepartmentFigures) => judged(d.replied)],
  ['当前超期 Overdue now', (d: DepartmentFigures) => String(d.overdueNow)],
  [
    '退单 申请/批准 Transfers asked/approved',
    (d: DepartmentFigures) => `${d.transfers.asked}/${d.transfers.approved}`,
  ],
  [
    '延期 申请/批准 Extensions asked/approved',
    (d: DepartmentFigures) => `${d.extensions.requested}/${d.extensions.approved}`,
  ],
  [
    '答复用时 均值/P90 (小时) Hours to reply mean/p90',
    (d: DepartmentFigures) => `${hours(d.hoursToReply.mean)}/${hours(d.hoursToReply.p90)}`,
  ],
  ['满意率 Satisfaction', (d: DepartmentFigures) => rated(d.satisfaction)],
  ['企业满意度 Enterprise satisfaction', (d: DepartmentFigures) => rated(d.enterpriseSatisfaction)],
] as const;

/** The report as Markdown: the ranked table, then each department's staff ratings (服务对象评分). */
export function reportMarkdown(report: StatsReport, name: NameOf, zone = 'Asia/Shanghai'): string {
  const rows = rankDepartments(report.departments);
  const local = (iso: string) => DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm');
  // A week on the zone's calendar: the week of a clock change is 167 or 169 hours long.
  const weekly =
    DateTime.fromISO(report.from, { zone }).plus({ weeks: 1 }).toMillis() === Date.parse(report.to);
  const title = weekly ? '热线考核周报 Weekly figures' : '热线考核通报 Figures';
  const lines = [
    `# 12345 ${title}: ${local(report.from)} – ${local(report.to)} (${zone})`,
    '',
    `${report.tickets} 件工单 tickets filed; 统计时间 figures as of ${local(report.at)}. ` +
      '按时率 = 按时 / (按时 + 超时); 满意率 = (满意 + 基本满意) / 已评价; 用时为自然小时 (plain hours).',
    '',
    row(COLUMNS.map(([title]) => title)),
    row(COLUMNS.map(() => '---')),
    ...rows.map((d, i) => row(COLUMNS.map(([, cell]) => md(cell(d, i + 1, name))))),
  ];
  const staffRows = rows.flatMap((d) =>
    d.staff.map((s) =>
      row(
        [
          name(d.department),
          s.name ?? s.id,
          String(s.rated),
          String(s.satisfied),
          String(s.basic),
          String(s.dissatisfied),
          percent(s.rate),
        ].map(md),
      ),
    ),
  );
  if (staffRows.length > 0) {
    lines.push(
      '',
      '## 服务对象评分 Ratings by staff member who replied',
      '',
      row([
        '单位 Department',
        '答复人 Staff',
        '评价 Rated',
        '满意 Satisfied',
        '基本满意 Basic',
        '不满意 Dissatisfied',
        '满意率 Rate',
      ]),
      row(Array.from({ length: 7 }, () => '---')),
      ...staffRows,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The ranked table as CSV (RFC 4180, one header line), one number per cell for spreadsheets. */
export function reportCsv(report: StatsReport, name: NameOf): string {
  const header = [
    'rank',
    'department',
    'name',
    'received',
    'accepted_on_time',
    'accepted_late',
    'accepted_pending',
    'accepted_on_time_rate',
    'replied_on_time',
    'replied_late',
    'replied_pending',
    'replied_on_time_rate',
    'overdue_now',
    'transfers_asked',
    'transfers_approved',
    'extensions_requested',
    'extensions_approved',
    'hours_to_reply_mean',
    'hours_to_reply_p90',
    'rated',
    'satisfied',
    'basic',
    'dissatisfied',
    'satisfaction_rate',
    'enterprise_rated',
    'enterprise_satisfaction_rate',
  ];
  const lines = rankDepartments(report.departments).map((d, i) =>
    [
      i + 1,
      d.department,
      name(d.department),
      d.received,
      d.accepted.onTime,
      d.accepted.late,
      d.accepted.pending,
      d.accepted.rate,
      d.replied.onTime,
      d.replied.late,
      d.replied.pending,
      d.replied.rate,
      d.overdueNow,
      d.transfers.asked,
      d.transfers.approved,
      d.extensions.requested,
      d.extensions.approved,
      d.hoursToReply.mean,
      d.hoursToReply.p90,
      d.satisfaction.rated,
      d.satisfaction.satisfied,
      d.satisfaction.basic,
      d.satisfaction.dissatisfied,
      d.satisfaction.rate,
      d.enterpriseSatisfaction.rated,
      d.enterpriseSatisfaction.rate,
    ].map(csv),
  );
  return `${[header, ...lines].map((l) => l.join(',')).join('\r\n')}\r\n`;
}

function judged(o: DepartmentFigures['replied']): string {
  return `${percent(o.rate)} (${o.onTime}/${o.onTime + o.late})`;
}

function rated(r: DepartmentFigures['satisfaction']): string {
  return `${percent(r.rate)} (${r.rated})`;
}

function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

function hours(h: number | null): string {
  return h === null ? '—' : h.toFixed(1);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function csv(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
