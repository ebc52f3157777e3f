import assert from 'node:assert/strict';
import {
  maskIdCardNumber,
  maskIdCardNumbers,
  parseIdCardNumber,
} from '../../src/validation/idCard';

/** The standard's own examples (GB 11643-1999, annex) and one computed by hand. */
const BEIJING = '11010519491231002X';
const GUANGDONG = '440524188001010014';
const QINGDAO = '370202199001011237';

describe('resident ID card numbers', () => {
  describe('parseIdCardNumber', () => {
    it('accepts 18-character numbers whose check character matches, X included', () => {
      assert.deepEqual(parseIdCardNumber(BEIJING), {
        ok: true,
        value: BEIJING,
        generation: 2,
        birthDate: '1949-12-31',
      });
      assert.equal(parseIdCardNumber(GUANGDONG).ok, true);
      assert.equal(parseIdCardNumber(QINGDAO).ok, true);
    });

    it('accepts a lower-case x, full-width digits and grouping spaces or dashes', () => {
      for (const typed of [
        '11010519491231002x',
        '１１０１０５１９４９１２３１００２Ｘ',
        '110105 19491231 002X',
        '110105-19491231-002X',
      ]) {
        assert.deepEqual(
          parseIdCardNumber(typed),
          {
            ok: true,
            value: BEIJING,
            generation: 2,
            birthDate: '1949-12-31',
          },
          typed,
        );
      }
    });

    it('accepts a 15-digit first-generation number with its birth date in the 1900s', () => {
      assert.deepEqual(parseIdCardNumber('370202900101123'), {
        ok: true,
        value: '370202900101123',
        generation: 1,
        birthDate: '1990-01-01',
      });
    });

    it('names what is wrong with a number it refuses', () => {
      const cases: [string, string][] = [
        ['37020219900101123', 'ID_CARD_LENGTH'],
        ['3702021990010112377', 'ID_CARD_LENGTH'],
        ['37020219900101123A', 'ID_CARD_CHARSET'],
        ['X70202199001011237', 'ID_CARD_CHARSET'],
        ['990202199001011237', 'ID_CARD_REGION'],
        ['370202199002301235', 'ID_CARD_BIRTH_DATE'],
        ['370202901301123', 'ID_CARD_BIRTH_DATE'],
        ['370202199001011238', 'ID_CARD_CHECKSUM'],
        ['11010519491231002Y', 'ID_CARD_CHARSET'],
      ];
      for (const [typed, code] of cases) {
        assert.deepEqual(parseIdCardNumber(typed), { ok: false, code }, typed);
      }
    });
  });

  describe('maskIdCardNumber', () => {
    it('keeps the place of issue and the last four characters, hiding the birth date', () => {
      assert.equal(maskIdCardNumber(BEIJING), '110105********002X');
      assert.equal(maskIdCardNumber('370202900101123'), '370202******123');
    });
  });

  describe('maskIdCardNumbers', () => {
    it('masks every ID number in a Chinese request, however it was typed', () => {
      const typed =
        `我叫张三，身份证号${QINGDAO}，我爱人的是 110105 19491231 002x，` +
        '老人还是旧证３７０２０２９００１０１１２３。';
      assert.equal(
        maskIdCardNumbers(typed),
        '我叫张三，身份证号370202********1237，我爱人的是 110105********002X，' +
          '老人还是旧证370202******123。',
      );
    });

    it("masks a number with a wrong check character: a typo is still a person's number", () => {
      assert.equal(maskIdCardNumbers('370202199001011238'), '370202********1238');
    });

    it('leaves phones, credit codes, ticket numbers, amounts and long digit runs alone', () => {
      const typed =
        '电话13812345678，信用代码91370200MA3C12345E，工单QD20261128-000123，' +
        '金额123456789012345678元，卡号6222021234567890123，订单号1234567890123456789012';
      assert.equal(maskIdCardNumbers(typed), typed);
    });
  });
});
