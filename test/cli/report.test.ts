import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import sinon from 'sinon';
import { projectRoot } from '../../src/core/paths';
import { DepartmentCatalogue } from '../../src/routing/catalogue';
import { reportCommand } from '../../src/cli/report';
import { computeStats, type DepartmentFigures, type StatsReport } from '../../src/stats/figures';
import { rankDepartments, reportCsv, reportMarkdown } from '../../src/stats/format';
import { TicketEventSchema } from '../../src/tickets/ticket';
import { generateMonth, MONTH, NOW } from '../stats/generate';
import { storeRecords } from '../stats/store';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

function row(
  department: string,
  replied: number | null,
  satisfied: number | null,
  received = 1,
): DepartmentFigures {
  const report = computeStats([], MONTH, NOW, [department]);
  const base = report.departments[0];
  assert.ok(base, 'base');
  return {
    ...base,
    received,
    replied: { ...base.replied, rate: replied },
    satisfaction: { ...base.satisfaction, rate: satisfied },
  };
}

describe('hotline report', function () {
  this.timeout(30_000);

  describe('the table', () => {
    it('ranks by on-time reply rate, then satisfaction, with nothing to judge last', () => {
      const ranked = rankDepartments([
        row('a', null, 1),
        row('b', 0.8, 0.5),
        row('c', 0.9, 0.1),
        row('d', 0.8, 0.9),
      ]);
      assert.deepEqual(
        ranked.map((d) => d.department),
        ['c', 'd', 'b', 'a'],
      );
    });

    const report: StatsReport = {
      from: MONTH.from.toISOString(),
      to: MONTH.to.toISOString(),
      at: NOW.toISOString(),
      tickets: 3,
      departments: [row('x', 0.5, 1, 3), row('y', 1, 0.25, 2)],
    };
    const name = (code: string) => (code === 'x' ? 'Water, "Gas" | Heat' : '住建局');

    it('prints Markdown with the ranked rows and escaped pipes', () => {
      const md = reportMarkdown(report, name);
      const lines = md.split('\n').filter((l) => l.startsWith('| '));
      assert.match(lines[0] ?? '', /^\| 排名 Rank \| 单位 Department \| 受理 Received/);
      assert.match(lines[2] ?? '', /^\| 1 \| 住建局 \| 2 \|/);
      assert.match(lines[3] ?? '', /^\| 2 \| Water, "Gas" \\\| Heat \| 3 \|/);
      assert.match(md, /100\.0%/);
    });

    it('dates the period in the hotline’s zone, not UTC', () => {
      const md = reportMarkdown(
        { ...report, from: '2026-11-29T16:00:00.000Z', to: '2026-12-06T16:00:00.000Z' },
        name,
        'Asia/Shanghai',
      );
      assert.match(md, /^# .*2026-11-30 00:00 – 2026-12-07 00:00 \(Asia\/Shanghai\)$/m);
    });

    it('calls a week weekly, and any other period by its dates alone', () => {
      const week = { ...report, from: '2026-11-29T16:00:00.000Z', to: '2026-12-06T16:00:00.000Z' };
      const month = { ...report, from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' };
      assert.match(reportMarkdown(week, name), /^# 12345 热线考核周报 Weekly figures: 2026-11-30/);
      assert.match(reportMarkdown(month, name), /^# 12345 热线考核通报 Figures: 2026-11-01/);
    });

    it('calls the week of a clock change weekly too (Berlin, 23 to 30 March 2026)', () => {
      // Monday 00:00 CET (Sunday 23:00Z) to Monday 00:00 CEST (Sunday 22:00Z): 167 hours.
      const week = { ...report, from: '2026-03-22T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' };
      assert.match(
        reportMarkdown(week, name, 'Europe/Berlin'),
        /^# 12345 热线考核周报 Weekly figures: 2026-03-23 00:00 – 2026-03-30 00:00/,
      );
    });

    it('prints CSV with one header, one row per department and quoted names', () => {
      const csv = reportCsv(report, name);
      const lines = csv.split('\r\n');
      assert.equal(lines.pop(), '');
      assert.equal(lines.length, 3);
      assert.match(lines[0] ?? '', /^rank,department,name,received,/);
      assert.match(lines[1] ?? '', /^1,y,住建局,2,/);
      assert.match(lines[2] ?? '', /^2,x,"Water, ""Gas"" \| Heat",3,/);
      const header = (lines[0] ?? '').split(',');
      const rate = header.indexOf('replied_on_time_rate');
      assert.equal((lines[1] ?? '').split(',')[rate], '1');
    });
  });

  describe('against Redis', () => {
    let prefix: string;
    const records = generateMonth(80, 3);
    let out: string;
    const run = async (args: string[]) => {
      out = '';
      const write = sinon.stub(process.stdout, 'write').callsFake((chunk: string | Uint8Array) => {
        out += String(chunk);
        return true;
      });
      try {
        return await reportCommand({ now: () => NOW }).run(args, {
          ...REDIS_ENV,
          REDIS_KEY_PREFIX: prefix,
        });
      } finally {
        write.restore();
      }
    };

    before(async () => {
      prefix = testPrefix();
      await storeRecords(prefix, records);
    });
    after(async () => cleanup(connect(), prefix));
    afterEach(() => sinon.restore());

    it('prints the month as CSV with the same figures as the API', async () => {
      assert.equal(
        await run([
          '--from',
          '2026-11-01T00:00:00Z',
          '--to',
          '2026-12-01T00:00:00Z',
          '--format',
          'csv',
        ]),
        0,
      );
      const stored = records.map((r) => ({
        ticket: r.ticket,
        history: r.history.filter((e) => TicketEventSchema.safeParse(e).success),
      }));
      const codes = DepartmentCatalogue.load(join(projectRoot(), 'intents', 'departments.yaml'))
        .all()
        .map((d) => d.code);
      // Every department ranked, as the API lists them, those without tickets too.
      const expected = computeStats(stored, MONTH, NOW, codes);
      const lines = out.trim().split('\r\n');
      assert.equal(lines.length, codes.length + 1);
      assert.ok(
        expected.departments.some((d) => d.received === 0),
        'expected.departments.some((d) => d.received === 0)',
      );
      const header = (lines[0] ?? '').split(',');
      for (const line of lines.slice(1)) {
        const cells = line.split(',');
        const d = expected.departments.find(
          (x) => x.department === cells[header.indexOf('department')],
        );
        assert.ok(d, 'd');
        assert.equal(cells[header.indexOf('received')], String(d.received));
        assert.equal(cells[header.indexOf('rated')], String(d.satisfaction.rated));
      }
      assert.match(out, /住房和城乡建设局/);
    });

    it('takes --week as last Monday to Monday in the hotline’s zone', async () => {
      assert.equal(await run(['--week']), 0);
      assert.match(out, /2026-11-30 00:00 – 2026-12-07 00:00 \(Asia\/Shanghai\)/);
      assert.match(out, /^\| 排名 Rank/m);
    });

    it('asks for a period and a known format', async () => {
      await assert.rejects(run([]), /--week/);
      await assert.rejects(run(['--week', '--format', 'xls']), /md or csv/);
      // A week with a start of its own was silently the period from --from to now.
      await assert.rejects(run(['--week', '--from', '2026-12-01']), /not both/);
      await assert.rejects(run(['--week', '--to', '2026-12-01']), /not both/);
    });
  });
});
