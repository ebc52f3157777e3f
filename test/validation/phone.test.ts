import assert from 'node:assert/strict';
import {
  ownPhoneIn,
  findPhone,
  maskPhone,
  parsePhone,
  parsePhoneAnswer,
} from '../../src/validation/phone';

const invalid = { ok: false, code: 'PHONE_INVALID' };
const mobile = (value: string) => ({ ok: true, kind: 'mobile', value });
const landline = (value: string) => ({ ok: true, kind: 'landline', value });

describe('phone numbers', () => {
  describe('parsePhone', () => {
    it('accepts an 11-digit mobile number starting 13 to 19', () => {
      for (const n of ['13812345678', '15012345678', '16612345678', '19912345678']) {
        assert.deepEqual(parsePhone(n), mobile(n));
      }
    });

    it('drops a +86, 86 or 0086 country prefix from a mobile number', () => {
      for (const input of [
        '+8613812345678',
        '86 13812345678',
        '0086-138-1234-5678',
        '+86 138 1234 5678',
      ]) {
        assert.deepEqual(parsePhone(input), mobile('13812345678'), input);
      }
    });

    it('accepts spaces, dashes and full-width digits inside a mobile number', () => {
      assert.deepEqual(parsePhone(' 138 1234 5678 '), mobile('13812345678'));
      assert.deepEqual(parsePhone('138-1234-5678'), mobile('13812345678'));
      assert.deepEqual(parsePhone('１３８１２３４５６７８'), mobile('13812345678'));
      assert.deepEqual(parsePhone('138—1234—5678'), mobile('13812345678'));
    });

    it('rejects mobile-like numbers with a wrong prefix or length', () => {
      for (const input of [
        '12812345678',
        '10012345678',
        '1381234567',
        '138123456789',
        '+85213812345678',
      ]) {
        assert.deepEqual(parsePhone(input), invalid, input);
      }
    });

    it('normalises a landline with an area code to area-number', () => {
      const cases: [string, string][] = [
        ['0532-8888 8888', '0532-88888888'],
        ['010-12345678', '010-12345678'],
        ['(0532)88888888', '0532-88888888'],
        ['（０５３２）８８８８８８８８', '0532-88888888'],
        ['053288888888', '0532-88888888'],
        ['021 6123 4567', '021-61234567'],
        ['0543-2123456', '0543-2123456'],
        ['+86 532 8888 8888', '0532-88888888'],
      ];
      for (const [input, value] of cases)
        assert.deepEqual(parsePhone(input), landline(value), input);
    });

    it('reads 010 and 02x as three-digit area codes and others as four', () => {
      assert.deepEqual(parsePhone('01088886666'), landline('010-88886666'));
      assert.deepEqual(parsePhone('02588886666'), landline('025-88886666'));
      assert.deepEqual(parsePhone('05328888666'), landline('0532-8888666'));
    });

    it('keeps an extension given with a dash, 转, 分机 or ext', () => {
      assert.deepEqual(parsePhone('0532-88888888-123'), landline('0532-88888888-123'));
      assert.deepEqual(parsePhone('0532-88888888转123'), landline('0532-88888888-123'));
      assert.deepEqual(parsePhone('010 12345678 分机 8'), landline('010-12345678-8'));
      assert.deepEqual(parsePhone('010-12345678 ext. 45'), landline('010-12345678-45'));
    });

    it('gives a local 8-digit number the default area code 0532', () => {
      for (const input of ['88888888', '8888 8888', '8888-8888', '８８８８８８８８']) {
        assert.deepEqual(parsePhone(input), landline('0532-88888888'), input);
      }
    });

    it('uses the area code it is given for local numbers', () => {
      assert.deepEqual(parsePhone('66668888', '010'), landline('010-66668888'));
    });

    it('refuses a default area code that is not one', () => {
      assert.throws(() => parsePhone('88888888', '532'), RangeError);
      assert.throws(() => parsePhone('88888888', '00532'), RangeError);
    });

    it('rejects a local number that starts with 0 or 1 or has seven digits', () => {
      for (const input of ['12345678', '08888888', '8888888']) {
        assert.deepEqual(parsePhone(input), invalid, input);
      }
    });

    it('rejects an extension on a mobile number', () => {
      assert.deepEqual(parsePhone('13812345678转8'), invalid);
      assert.deepEqual(parsePhone('13812345678-8'), invalid);
    });

    it('rejects text, dates and fragments', () => {
      for (const input of [
        '',
        'abc',
        '2026-11-28',
        '12345',
        '0532-888',
        '0532)(88888888',
        '138+12345678',
      ]) {
        assert.deepEqual(parsePhone(input), invalid, input);
      }
    });
  });

  describe('parsePhoneAnswer', () => {
    it('reads a number given with a label before it, in Chinese or English', () => {
      for (const [input, expected] of [
        ['电话是13912345678', mobile('13912345678')],
        ['我的手机 139-1234-5678', mobile('13912345678')],
        ['手机号：13912345678', mobile('13912345678')],
        ['联系电话：0532 8888 6666', landline('0532-88886666')],
        ['电话号码是 13912345678。', mobile('13912345678')],
        ['my number is 13912345678', mobile('13912345678')],
        ['Phone: 0532-88886666', landline('0532-88886666')],
        ['13912345678', mobile('13912345678')],
      ] as const) {
        assert.deepEqual(parsePhoneAnswer(input), expected, input);
      }
    });

    it('reads a number followed by words that say when or whom to call', () => {
      for (const [input, expected] of [
        ['我的电话是 13912345678，白天打', mobile('13912345678')],
        ['手机13912345678谢谢', mobile('13912345678')],
        ['0532-88886666 找老张', landline('0532-88886666')],
        ['139 1234 5678 in the evening please', mobile('13912345678')],
      ] as const) {
        assert.deepEqual(parsePhoneAnswer(input), expected, input);
      }
    });

    it('reads a number with a country code before a bracket, dots between groups, or in Chinese numerals', () => {
      for (const [input, expected] of [
        ['+86 (139) 1234 5678', mobile('13912345678')],
        ['0086 (139) 1234-5678', mobile('13912345678')],
        ['139.1234.5678', mobile('13912345678')],
        ['0532.8888.6666', landline('0532-88886666')],
        ['一三九一二三四五六七八', mobile('13912345678')],
        ['幺三九 幺二三四 五六七八', mobile('13912345678')],
        ['电话是一三九一二三四五六七八', mobile('13912345678')],
      ] as const) {
        assert.deepEqual(parsePhoneAnswer(input), expected, input);
      }
    });

    it('does not read amounts, versions or counting words as a number', () => {
      for (const input of ['12.5', '1.2.3', '三十九', '一二三', '138.5元']) {
        assert.deepEqual(parsePhoneAnswer(input), invalid, input);
      }
    });

    it('rejects a number followed by words with another number in them', () => {
      for (const input of [
        '13912345678 或者 13812345678',
        '电话是139，后面忘了',
        '2026年12月8日',
      ]) {
        assert.deepEqual(parsePhoneAnswer(input), invalid, input);
      }
    });

    it('still rejects an answer that is words about a phone, not a number', () => {
      for (const input of ['电话是多少', '我的手机坏了', '手机', 'is 13912345678', '电话是139']) {
        assert.deepEqual(parsePhoneAnswer(input), invalid, input);
      }
    });
  });

  describe('maskPhone', () => {
    it('keeps the first three and last four digits of a mobile', () => {
      assert.equal(maskPhone('13812345678'), '138****5678');
    });

    it('keeps the area code and last four digits of a landline', () => {
      assert.equal(maskPhone('0532-88886666'), '0532-****6666');
      assert.equal(maskPhone('0543-2123456'), '0543-***3456');
      assert.equal(maskPhone('010-12345678-123'), '010-****5678-123');
    });

    it('shows no more than the last four digits of anything else', () => {
      assert.equal(maskPhone('+86 138 1234 5678'), '+** *** **** 5678');
      assert.equal(maskPhone('12'), '12');
    });
  });

  describe('findPhone', () => {
    it('finds a spaced mobile number in a Chinese sentence', () => {
      assert.deepEqual(findPhone('我的电话是138 1234 5678，请回电'), {
        kind: 'mobile',
        value: '13812345678',
      });
    });

    it('finds a landline with an extension', () => {
      assert.deepEqual(findPhone('办公室电话0532-8888 8888转123，找王科长'), {
        kind: 'landline',
        value: '0532-88888888-123',
      });
    });

    it('finds an international-format number in English text', () => {
      assert.deepEqual(findPhone('please call me on +86 138-1234-5678 tomorrow'), {
        kind: 'mobile',
        value: '13812345678',
      });
    });

    it('finds a local number and gives it the default area code', () => {
      assert.deepEqual(findPhone('打88886666找张科长'), {
        kind: 'landline',
        value: '0532-88886666',
      });
      assert.deepEqual(findPhone('打88886666找张科长', '010'), {
        kind: 'landline',
        value: '010-88886666',
      });
    });

    it('returns the first of two numbers written next to each other', () => {
      assert.deepEqual(findPhone('13812345678 0532-88888888'), {
        kind: 'mobile',
        value: '13812345678',
      });
      assert.deepEqual(findPhone('1203 88886666'), { kind: 'landline', value: '0532-88886666' });
    });

    it('ignores ticket numbers, dates, ID numbers, credit codes and amounts', () => {
      for (const text of [
        '工单号QD20261128-000123',
        '我2026-11-28打过电话',
        '身份证370202199001011234',
        'credit code 91350100M000100Y43',
        '多收了28000000元',
        '房子在3号楼1203室',
      ]) {
        assert.equal(findPhone(text), null, text);
      }
    });

    it('returns null when there is no number', () => {
      assert.equal(findPhone('我要投诉'), null);
    });

    it('refuses a default area code that is not one, even in text without a number', () => {
      assert.throws(() => findPhone('我要投诉', '532'), RangeError);
    });
  });
});

describe('ownPhoneIn', () => {
  it("takes the writer's own number from a request", () => {
    assert.equal(ownPhoneIn('我电话13812345678 我们小区电梯坏了')?.value, '13812345678');
    assert.equal(ownPhoneIn('电梯坏了一周，联系方式：0532-88881234')?.value, '0532-88881234');
    assert.equal(ownPhoneIn('the lift is broken, call me on 139 1234 5678')?.value, '13912345678');
    assert.equal(
      ownPhoneIn('pile driving at 5am. My number: (139) 1234-5678')?.value,
      '13912345678',
    );
    assert.equal(ownPhoneIn('我的电话（0532）8888-6666')?.value, '0532-88886666');
  });

  it("leaves a number that may be someone else's", () => {
    assert.equal(ownPhoneIn('卖家电话13812345678一直不接，押金不退'), null);
    assert.equal(ownPhoneIn('物业电话0532-88881234打不通'), null);
    assert.equal(ownPhoneIn('我们小区电梯坏了'), null);
  });
});
