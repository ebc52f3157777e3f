import assert from 'node:assert/strict';
import { creditCodeParts, findCreditCode, parseCreditCode } from '../../src/validation/creditCode';

/**
 * GB 32100-2015's character values and position weights written out as the standard lists them,
 * independently of the implementation's derived constants.
 */
const LETTER_VALUES =
  'A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26 U27 W28 X29 Y30';
const VALUES: Record<string, number> = Object.fromEntries([
  ...'0123456789'.split('').map((d): [string, number] => [d, Number(d)]),
  ...LETTER_VALUES.split(' ').map((e): [string, number] => [e.charAt(0), Number(e.slice(1))]),
]);
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function withCheckChar(body: string): string {
  assert.equal(body.length, 17);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (VALUES[body.charAt(i)] ?? NaN) * (WEIGHTS[i] ?? NaN);
  const c = 31 - (sum % 31);
  const value = c === 31 ? 0 : c;
  const checkChar = Object.keys(VALUES).find((k) => VALUES[k] === value);
  assert.ok(checkChar !== undefined, 'checkChar !== undefined');
  return body + checkChar;
}

/** Codes printed in public examples and registries, each re-checked by `withCheckChar`. */
const PUBLISHED = [
  '91350100M000100Y43',
  '9144030071526726XG',
  '91440300708461136T',
  '91110000802100433B',
];

/** Qingdao-style bodies (division codes 3702xx) completed with an independently computed check. */
const QINGDAO = [
  '91370202MA3CXK7L1',
  '91370212MA3P4R8T2',
  '52370203MJD123450',
  '12370200K12345678',
  'Y1370281MH0000012',
].map(withCheckChar);

describe('unified social credit code', () => {
  describe('parseCreditCode', () => {
    it('agrees with the test oracle on the published examples', () => {
      for (const code of PUBLISHED) {
        assert.equal(withCheckChar(code.slice(0, 17)), code, `oracle disagrees on ${code}`);
        assert.deepEqual(parseCreditCode(code), { ok: true, value: code });
      }
    });

    it('accepts codes whose check character the test computed independently', () => {
      for (const code of QINGDAO)
        assert.deepEqual(parseCreditCode(code), { ok: true, value: code });
    });

    it('writes a check value of 31 as 0', () => {
      // The last body position's weight is coprime with 31, so exactly one character gives 0.
      const code = Object.keys(VALUES)
        .map((last) => withCheckChar(`9137020200000000${last}`))
        .find((c) => c.endsWith('0'));
      assert.ok(code, 'code');
      assert.deepEqual(parseCreditCode(code), { ok: true, value: code });
    });

    it('rejects every wrong check character', () => {
      const code = '91350100M000100Y43';
      for (const wrong of Object.keys(VALUES).filter((c) => c !== '3')) {
        assert.deepEqual(parseCreditCode(code.slice(0, 17) + wrong), {
          ok: false,
          code: 'CREDIT_CODE_CHECKSUM',
        });
      }
    });

    it('rejects two swapped characters', () => {
      assert.deepEqual(parseCreditCode('91530100M000100Y43'), {
        ok: false,
        code: 'CREDIT_CODE_CHECKSUM',
      });
    });

    it('upper-cases lower-case input', () => {
      assert.deepEqual(parseCreditCode('9144030071526726xg'), {
        ok: true,
        value: '9144030071526726XG',
      });
    });

    it('converts full-width characters to half-width', () => {
      assert.deepEqual(parseCreditCode('９１３５０１００Ｍ０００１００Ｙ４３'), {
        ok: true,
        value: '91350100M000100Y43',
      });
    });

    it('ignores spaces, dashes and an ideographic space between groups', () => {
      assert.deepEqual(parseCreditCode(' 9135-0100 M000\u3000100Y－43 '), {
        ok: true,
        value: '91350100M000100Y43',
      });
    });

    it('rejects the letters I, O, S, V and Z that the standard leaves out', () => {
      for (const letter of ['I', 'O', 'S', 'V', 'Z', 'i', 'o', 'z']) {
        assert.deepEqual(parseCreditCode(`91350100M000100Y4${letter}`), {
          ok: false,
          code: 'CREDIT_CODE_CHARSET',
        });
      }
    });

    it('rejects punctuation and Chinese characters as a charset error', () => {
      assert.deepEqual(parseCreditCode('91350100M000100Y4.'), {
        ok: false,
        code: 'CREDIT_CODE_CHARSET',
      });
      assert.deepEqual(parseCreditCode('代码91350100M000100Y43'), {
        ok: false,
        code: 'CREDIT_CODE_CHARSET',
      });
    });

    it('rejects codes that are too short or too long', () => {
      for (const input of ['', '91350100M000100Y4', '91350100M000100Y433', '913501']) {
        assert.deepEqual(parseCreditCode(input), { ok: false, code: 'CREDIT_CODE_LENGTH' });
      }
    });

    it('rejects the old 15-digit registration number', () => {
      assert.deepEqual(parseCreditCode('370200018012345'), {
        ok: false,
        code: 'CREDIT_CODE_LENGTH',
      });
    });
  });

  describe('creditCodeParts', () => {
    it('splits a code into the fields of GB 32100', () => {
      assert.deepEqual(creditCodeParts('91350100M000100Y43'), {
        registrationAuthority: '9',
        category: '91',
        divisionCode: '350100',
        organisationCode: 'M000100Y4',
        checkChar: '3',
      });
    });
  });

  describe('findCreditCode', () => {
    it('picks a code out of a Chinese sentence', () => {
      const code = QINGDAO[0];
      assert.equal(findCreditCode(`我们公司的统一社会信用代码是${code}，在市南区`), code);
    });

    it('picks a lower-case, full-width or spaced code out of a sentence', () => {
      assert.equal(findCreditCode('our code is 9144030071526726xg thanks'), '9144030071526726XG');
      assert.equal(
        findCreditCode('代码：９１３５０１００Ｍ０００１００Ｙ４３。'),
        '91350100M000100Y43',
      );
      assert.equal(findCreditCode('代码 9135 0100 M000 100Y 43 谢谢'), '91350100M000100Y43');
    });

    it('skips a code with a wrong check character and finds a later valid one', () => {
      assert.equal(
        findCreditCode('不是91350100M000100Y44，是91440300708461136T'),
        '91440300708461136T',
      );
    });

    it('does not cut a code out of a longer run of letters and digits', () => {
      assert.equal(findCreditCode('X91350100M000100Y43'), null);
      assert.equal(findCreditCode('91350100M000100Y431'), null);
    });

    it('returns null when there is no code', () => {
      assert.equal(findCreditCode('我要投诉一家餐馆'), null);
      assert.equal(findCreditCode(''), null);
    });
  });
});
