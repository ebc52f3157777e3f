import type { Metrics, Rate, Speed } from '../nlu/evaluation';
import { ratio } from '../nlu/evaluation';

export interface Column {
  title: string;
  metrics: Metrics | null;
  /** Only department routing is measured (the baseline has no other heads). */
  routingOnly?: boolean;
  speed?: Speed;
  loadMs?: number;
}

export interface ReportInput {
  columns: Column[];
  dataSummary: string[];
  modelSummary: string[];
  confusions: { title: string; metrics: Metrics }[];
}

interface Row {
  label: string;
  target: string;
  value: (column: Column, m: Metrics) => string;
  routing?: boolean;
}

const pct = (r: Rate): string =>
  r.total === 0 ? 'n/a' : `${(ratio(r) * 100).toFixed(1)}% (${r.hits}/${r.total})`;

const ROWS: Row[] = [
  {
    label: 'department top-1',
    target: '≥ 92%',
    value: (_, m) => pct(m.departmentTop1),
    routing: true,
  },
  { label: '  top-1 zh', target: '', value: (_, m) => pct(m.top1ByLang.zh), routing: true },
  { label: '  top-1 en', target: '', value: (_, m) => pct(m.top1ByLang.en), routing: true },
  {
    label: 'department top-3',
    target: '≥ 98%',
    value: (_, m) => pct(m.departmentTop3),
    routing: true,
  },
  { label: '  top-3 zh', target: '', value: (_, m) => pct(m.top3ByLang.zh), routing: true },
  { label: '  top-3 en', target: '', value: (_, m) => pct(m.top3ByLang.en), routing: true },
  {
    label: 'department macro-F1',
    target: '',
    value: (_, m) => m.macroF1.toFixed(3),
    routing: true,
  },
  {
    label: 'confidence calibration error (ECE)',
    target: '',
    value: (_, m) => m.calibrationError.toFixed(3),
    routing: true,
  },
  { label: 'category accuracy', target: '≥ 85%', value: (_, m) => pct(m.category) },
  { label: 'emergency recall', target: '100%', value: (_, m) => pct(m.emergencyRecall) },
  { label: '  recall zh', target: '', value: (_, m) => pct(m.emergencyRecallByLang.zh) },
  { label: '  recall en', target: '', value: (_, m) => pct(m.emergencyRecallByLang.en) },
  { label: 'emergency kind (of alarms)', target: '', value: (_, m) => pct(m.emergencyKind) },
  {
    label: 'false alarms (all non-emergencies)',
    target: '≤ 2%',
    value: (_, m) => pct(m.falseAlarms),
  },
  {
    label: 'false alarms (routine requests)',
    target: '≤ 1%',
    value: (_, m) => pct(m.requestFalseAlarms),
  },
  {
    label: '  of routine look-alikes',
    target: '',
    value: (_, m) => pct(m.routineFalseAlarms),
  },
  {
    label: '  of department requests',
    target: '',
    value: (_, m) => pct(m.departmentFalseAlarms),
  },
  {
    label: 'missed emergencies asked the safety check',
    target: '',
    value: (_, m) => pct(m.missedButChecked),
  },
  {
    label: 'safety checks (routine requests)',
    target: '',
    value: (_, m) => pct(m.requestSafetyChecks),
  },
  {
    label: 'false alarms (form answers)',
    target: '0',
    value: (_, m) => pct(m.formFalseAlarms.answers),
  },
  {
    label: 'false alarms (punctuation, emoji)',
    target: '0',
    value: (_, m) => pct(m.formFalseAlarms.punctuation),
  },
  {
    label: 'false alarms (greetings)',
    target: '0',
    value: (_, m) => pct(m.formFalseAlarms.greetings),
  },
  { label: 'meta-intent accuracy', target: '', value: (_, m) => pct(m.meta) },
  {
    label: 'requests taken for meta-intents',
    target: '',
    value: (_, m) => pct(m.metaFalsePositives),
  },
];

function cell(column: Column, row: Row): string {
  if (!column.metrics) return 'n/a';
  if (column.routingOnly && !row.routing) return '—';
  return row.value(column, column.metrics);
}

export function renderReport(input: ReportInput): string {
  const { columns } = input;
  const out: string[] = ['# Request classifier: evaluation', '', ...input.dataSummary, ''];
  out.push(`| metric | target | ${columns.map((c) => c.title).join(' | ')} |`);
  out.push(`| --- | --- | ${columns.map(() => '---').join(' | ')} |`);
  for (const row of ROWS)
    out.push(`| ${row.label} | ${row.target} | ${columns.map((c) => cell(c, row)).join(' | ')} |`);
  const speed = (c: Column): string =>
    c.speed
      ? `${Math.round(c.speed.perSecond).toLocaleString('en')}/s of CPU time (${Math.round(c.speed.wallPerSecond).toLocaleString('en')}/s of wall-clock time; p50 ${c.speed.p50Micros.toFixed(0)} µs, p99 ${c.speed.p99Micros.toFixed(0)} µs)`
      : '';
  out.push(
    `| classifications per second, one core | ≥ 5,000 | ${columns.map(speed).join(' | ')} |`,
  );
  out.push(
    `| model load time | ≤ 300 ms | ${columns.map((c) => (c.loadMs === undefined ? '' : `${c.loadMs.toFixed(0)} ms`)).join(' | ')} |`,
  );
  out.push('');
  for (const { title, metrics } of input.confusions) {
    out.push(
      `## Most confused departments: ${title}`,
      '',
      '| gold | predicted | count |',
      '| --- | --- | --- |',
    );
    for (const c of metrics.confusions.slice(0, 10))
      out.push(`| ${c.gold} | ${c.predicted} | ${c.count} |`);
    out.push('');
  }
  out.push('## Model', '', ...input.modelSummary, '');
  return out.join('\n');
}
