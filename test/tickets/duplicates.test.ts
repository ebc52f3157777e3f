import { strict as assert } from 'node:assert';
import {
  bestDuplicate,
  hotspotDue,
  mayDuplicate,
  SIMILARITY_THRESHOLD,
  textSimilarity,
  type DuplicateCandidate,
  type TicketLink,
} from '../../src/tickets/duplicates';
import { LABELLED_PAIRS } from './duplicatePairs';

const T0 = Date.parse('2026-11-30T01:00:00.000Z');
const HOUR = 3600_000;

function report(
  id: string,
  text: string,
  hoursAfter: number,
  over: Partial<DuplicateCandidate> = {},
): DuplicateCandidate {
  return {
    id,
    text,
    createdAt: new Date(T0 + hoursAfter * HOUR).toISOString(),
    status: 'dispatched',
    district: 'shinan',
    leadDepartment: 'urban',
    firstContactDepartment: 'urban',
    classification: { department: 'urban' },
    links: [],
    ...over,
  };
}

const LIGHT = '香港中路和南京路路口的红绿灯坏了，一直闪黄灯，车都堵住了';
const LIGHT_AGAIN = '南京路香港中路路口红绿灯不亮了，一直闪黄，很危险';
const PARKING = '香港中路有车辆违章停车，占用了公交站台';

describe('duplicate similarity', () => {
  it('separates the labelled same-incident pairs from different incidents at the threshold', () => {
    const rows = LABELLED_PAIRS.map((p) => ({ ...p, score: textSimilarity(p.a, p.b) }));
    const tp = rows.filter((r) => r.same && r.score >= SIMILARITY_THRESHOLD).length;
    const fp = rows.filter((r) => !r.same && r.score >= SIMILARITY_THRESHOLD).length;
    const fn = rows.filter((r) => r.same && r.score < SIMILARITY_THRESHOLD).length;
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`      threshold ${SIMILARITY_THRESHOLD}: ${rows.length} pairs`);
    for (const r of rows) {
      const verdict = r.score >= SIMILARITY_THRESHOLD ? 'linked' : 'apart ';
      console.log(
        `      ${r.same ? 'same' : 'diff'} ${r.score.toFixed(3)} ${verdict} ${r.b.slice(0, 24)}`,
      );
    }
    console.log(`      precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}`);
    assert.ok(precision >= 0.9, `precision ${precision}`);
    assert.ok(recall >= 0.85, `recall ${recall}`);
  });

  it('reads traditional characters and full-width forms as their simplified equivalents', () => {
    assert.equal(textSimilarity('紅綠燈壞了', '红绿灯坏了'), 1);
    assert.equal(textSimilarity('ＴＲＡＦＦＩＣ light', 'traffic light'), 1);
  });

  it('scores a text with nothing to compare as unlike anything', () => {
    assert.equal(textSimilarity('。。。', LIGHT), 0);
  });
});

describe('duplicate candidates', () => {
  const first = report('A', LIGHT, 0);

  it('links a retelling of an open report of the same department and district within 48 hours', () => {
    const match = bestDuplicate(report('B', LIGHT_AGAIN, 47), [first]);
    assert.equal(match?.ticketId, 'A');
    assert.ok(
      (match?.score ?? 0) >= SIMILARITY_THRESHOLD,
      '(match?.score ?? 0) >= SIMILARITY_THRESHOLD',
    );
  });

  it('does not link across districts, departments, after 48 hours or to a closed report', () => {
    const fresh = report('B', LIGHT_AGAIN, 1);
    assert.equal(mayDuplicate(fresh, report('A', LIGHT, 0, { district: 'shibei' })), false);
    assert.equal(mayDuplicate(fresh, report('A', LIGHT, 0, { leadDepartment: 'housing' })), false);
    assert.equal(mayDuplicate(fresh, report('A', LIGHT, 0, { status: 'closed' })), false);
    assert.equal(mayDuplicate(report('B', LIGHT_AGAIN, 48.5), first), false);
    assert.equal(
      mayDuplicate(
        report('B', LIGHT_AGAIN, 1, { district: null }),
        report('A', LIGHT, 0, { district: null }),
      ),
      false,
    );
  });

  it('compares a ticket waiting for dispatch under the department the model proposed', () => {
    const waiting = report('B', LIGHT_AGAIN, 1, {
      leadDepartment: null,
      firstContactDepartment: '',
      classification: { department: 'urban' },
    });
    assert.equal(bestDuplicate(waiting, [first])?.ticketId, 'A');
  });

  it('links to the first report of the incident when two unlinked retellings are open', () => {
    const second = report('B', LIGHT_AGAIN, 1);
    const match = bestDuplicate(report('C', LIGHT_AGAIN, 2), [second, first]);
    assert.equal(match?.ticketId, 'A');
    assert.equal(match?.score, 0.4, 'the score is its similarity to the report it is linked to');
  });

  it('links nothing when the open reports nearby are about something else', () => {
    assert.equal(bestDuplicate(report('B', PARKING, 1), [first]), null);
  });

  it('gathers the reports of one incident on its first report, not in a chain', () => {
    const link: TicketLink = { ticketId: 'A', kind: 'duplicate_of', score: 0.4 };
    const second = report('B', LIGHT_AGAIN, 1, { links: [link] });
    const match = bestDuplicate(report('C', LIGHT_AGAIN + '。', 2), [first, second]);
    assert.equal(match?.ticketId, 'A');
  });

  it('proposes a hotspot once its linked reports reach the threshold, and only once', () => {
    const by = (n: number): TicketLink[] =>
      Array.from({ length: n }, (_, i) => ({
        ticketId: `X${i}`,
        kind: 'duplicated_by',
        score: 0.5,
      }));
    const open = { status: 'dispatched', coordinationProposal: null };
    assert.equal(hotspotDue({ ...open, links: by(4) }, 5), false);
    assert.equal(hotspotDue({ ...open, links: by(5) }, 5), true);
    const proposed = { trigger: 'hotspot', at: new Date(T0).toISOString() };
    assert.equal(hotspotDue({ ...open, links: by(6), coordinationProposal: proposed }, 5), false);
    assert.equal(hotspotDue({ ...open, status: 'closed', links: by(6) }, 5), false);
  });
});
