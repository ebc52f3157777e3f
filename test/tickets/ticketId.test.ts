import assert from 'node:assert/strict';
import {
  findTicketId,
  formatTicketId,
  parseTicketId,
  splitTicketId,
  TicketIdError,
  type TicketIdErrorCode,
} from '../../src/tickets/ticketId';

const throwsCode = (fn: () => unknown, code: TicketIdErrorCode) =>
  assert.throws(fn, (error: unknown) => error instanceof TicketIdError && error.code === code);

const QD123 = { value: 'QD20261128-000123', prefix: 'QD', date: '20261128', seq: 123 };

describe('ticket ids', () => {
  describe('formatTicketId', () => {
    it('joins prefix, date and a zero-padded sequence number', () => {
      assert.equal(formatTicketId('QD', '20261128', 123), 'QD20261128-000123');
      assert.equal(formatTicketId('Q', '20260101', 1), 'Q20260101-000001');
      assert.equal(formatTicketId('ABCDEFGH', '20281231', 999999), 'ABCDEFGH20281231-999999');
    });

    it('refuses a prefix that is empty, too long, lower-case or not letters', () => {
      for (const prefix of ['', 'ABCDEFGHI', 'qd', 'Q1', 'Q-D']) {
        throwsCode(() => formatTicketId(prefix, '20261128', 1), 'TICKET_ID_PREFIX');
      }
    });

    it('refuses a date that is not a real YYYYMMDD date', () => {
      for (const date of ['2026-11-28', '2026112', '20261131', '20260229', '20261300']) {
        throwsCode(() => formatTicketId('QD', date, 1), 'TICKET_ID_DATE');
      }
    });

    it('accepts 29 February in a leap year', () => {
      assert.equal(formatTicketId('QD', '20280229', 7), 'QD20280229-000007');
    });

    it('refuses a sequence number outside 1..999999 or not an integer', () => {
      for (const seq of [0, -1, 1_000_000, 1.5, Number.NaN]) {
        throwsCode(() => formatTicketId('QD', '20261128', seq), 'TICKET_ID_SEQUENCE');
      }
    });
  });

  describe('parseTicketId', () => {
    it('splits a canonical id into its parts', () => {
      assert.deepEqual(parseTicketId('QD20261128-000123'), { ok: true, value: QD123 });
    });

    it('forgives lower case, full-width characters, spaces and a missing dash', () => {
      for (const input of [
        'qd20261128-000123',
        'ＱＤ２０２６１１２８－０００１２３',
        ' QD 20261128 - 000123 ',
        'QD20261128000123',
        'QD20261128—000123',
      ]) {
        assert.deepEqual(parseTicketId(input), { ok: true, value: QD123 }, input);
      }
    });

    it('accepts any prefix of 1 to 8 letters', () => {
      const result = parseTicketId('HDBZ20261128-000001');
      assert.ok(result.ok, 'result.ok');
      assert.equal(result.value.prefix, 'HDBZ');
    });

    it('rejects impossible dates, sequence zero and wrong shapes', () => {
      for (const input of [
        'QD20261131-000123',
        'QD20261128-000000',
        'QD20261128-00123',
        'QD20261128-0001234',
        '20261128-000123',
        'ABCDEFGHI20261128-000123',
        '查询QD20261128-000123',
        '',
      ]) {
        assert.deepEqual(parseTicketId(input), { ok: false, code: 'TICKET_ID_INVALID' }, input);
      }
    });
  });

  describe('findTicketId', () => {
    it('finds a lower-case id after a word', () => {
      assert.equal(findTicketId('查询 qd20261128-000123'), QD123.value);
    });

    it('finds an id written without the dash straight after Chinese text', () => {
      assert.equal(findTicketId('工单号QD20261128000123，什么时候处理'), QD123.value);
    });

    it('tolerates full-width digits and spaces between the parts', () => {
      assert.equal(findTicketId('我的单号是ＱＤ２０２６１１２８－０００１２３'), QD123.value);
      assert.equal(findTicketId('单号 QD 2026 1128 000123 谢谢'), QD123.value);
    });

    it('looks only for the prefix it is given', () => {
      assert.equal(findTicketId('QD20261128-000123', 'HD'), null);
      assert.equal(findTicketId('my ticket hd20261128-000009 please', 'HD'), 'HD20261128-000009');
    });

    it('does not take the prefix out of a longer word', () => {
      assert.equal(findTicketId('XQD20261128-000123'), null);
    });

    it('does not take six digits out of a longer number', () => {
      assert.equal(findTicketId('QD20261128-0001234'), null);
    });

    it('skips a candidate with an impossible date and finds a later valid one', () => {
      assert.equal(findTicketId('不是QD20261131-000001，是QD20261128-000123'), QD123.value);
    });

    it('returns null when there is no id', () => {
      assert.equal(findTicketId('我想查一下进度'), null);
      assert.equal(findTicketId('电话13812345678'), null);
    });

    it('refuses a prefix that cannot be one', () => {
      throwsCode(() => findTicketId('QD20261128-000123', 'Q.'), 'TICKET_ID_PREFIX');
    });
  });

  describe('splitTicketId', () => {
    it('gives the id and the text around it, however the number was written', () => {
      assert.deepEqual(splitTicketId('评价 ＱＤ２０２６１１２８－０００１２３ 满意'), {
        id: QD123.value,
        rest: '评价   满意',
      });
      assert.deepEqual(splitTicketId('rate QD 2026 1128 000123 1'), {
        id: QD123.value,
        rest: 'rate   1',
      });
    });

    it('takes out only the valid id, leaving an impossible one in the text', () => {
      assert.deepEqual(splitTicketId('QD20261131-000001 QD20261128-000123'), {
        id: QD123.value,
        rest: 'QD20261131-000001  ',
      });
    });

    it('returns null when there is no id', () => {
      assert.equal(splitTicketId('评价 满意'), null);
    });
  });
});
