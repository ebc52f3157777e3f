import { strict as assert } from 'node:assert';
import {
  conversationLang,
  followMessage,
  langOfLocale,
  languageOf,
  messageLength,
} from '../../src/nlu/language';

const MIXED = 'The property management company 物业 keeps overcharging me';

describe('nlu language: one rule for the conversation, the replies and the ticket', () => {
  it('reads a first message by what most of its words are', () => {
    assert.equal(languageOf('燃气费怎么交'), 'zh');
    assert.equal(languageOf('How do I pay the gas bill'), 'en');
    assert.equal(languageOf('APP登录不了'), 'zh');
    assert.equal(languageOf('I live in 市南区 and the street lights are broken'), 'en');
    assert.equal(languageOf(MIXED), 'en');
  });

  it('finds no language in a phone, a ticket number, a credit code or Latin gibberish', () => {
    for (const text of [
      '13912345678',
      'QD20261128-000123',
      '91370200MA3C12345F',
      'asdkjh qwe zxcmnb',
      'ok',
    ]) {
      assert.equal(languageOf(text), null, text);
    }
  });

  it('falls back to the client locale when a first message says nothing', () => {
    assert.equal(conversationLang('13912345678', null, 'en'), 'en');
    assert.equal(conversationLang('asdkjh qwe zxcmnb', null, 'zh'), 'zh');
    assert.equal(conversationLang('物业乱收费', null, 'en'), 'zh');
  });

  it('keeps a Chinese conversation on short answers, numbers, districts and gibberish', () => {
    for (const text of [
      'no',
      'help',
      'ok',
      'No thanks',
      '13912345678',
      'QD20261127-000001',
      'Shinan District',
      'Huangdao District (West Coast New Area)',
      'asdkjh qwe zxcmnb',
      'asdf asdf asdf asdf',
    ]) {
      assert.equal(conversationLang(text, 'zh', 'zh'), 'zh', text);
    }
  });

  it("reads a Teams mention's name as no language: a colleague's English name does not switch", () => {
    assert.equal(languageOf('<at>Emily Zhang</at> 帮忙查询'), 'zh');
    assert.equal(conversationLang('<at>Hotline</at> 查询', 'zh', 'zh'), 'zh');
    assert.equal(conversationLang('<at>Emily Zhang</at> 帮忙查询', 'zh', 'zh'), 'zh');
    assert.equal(conversationLang('<at>王丽</at> please check this', 'en', 'en'), 'en');
    assert.equal(conversationLang('<at>Emily</at> is the owner here', 'zh', 'zh'), 'en');
  });

  it('switches a Chinese conversation on a clear English sentence, mixed or not', () => {
    assert.equal(conversationLang('I would like to speak English please', 'zh', 'zh'), 'en');
    assert.equal(conversationLang(MIXED, 'zh', 'zh'), 'en');
  });

  it('keeps an English conversation on a Chinese word, a district or a short Chinese answer', () => {
    for (const text of ['市南区', '物业', '西海岸新区', '确认', '是的', 'yes 对']) {
      assert.equal(conversationLang(text, 'en', 'en'), 'en', text);
    }
  });

  it('keeps an English conversation on a Chinese address or company name typed as an answer', () => {
    for (const text of [
      '香港中路10号',
      '崂山区海尔路178号海尔工业园',
      '青岛海尔智家股份有限公司',
    ]) {
      assert.equal(conversationLang(text, 'en', 'en'), 'en', text);
    }
  });

  it('switches an English conversation on a clear Chinese sentence', () => {
    assert.equal(conversationLang('我家小区物业乱收费', 'en', 'en'), 'zh');
    assert.equal(conversationLang('还是用中文吧，英文看不懂', 'en', 'en'), 'zh');
  });

  it('lets the first message with words decide over the locale, then keeps to it', () => {
    const locale = { lang: 'en' as const };
    assert.deepEqual(followMessage(locale, '13912345678'), { lang: 'en', langFromText: false });
    const started = followMessage(locale, '物业乱收费');
    assert.deepEqual(started, { lang: 'zh', langFromText: true });
    assert.deepEqual(followMessage(started, 'no'), started);
    assert.deepEqual(followMessage(started, 'I would like to speak English please'), {
      lang: 'en',
      langFromText: true,
    });
  });

  it('decides the same when asked twice about one message', () => {
    for (const text of [MIXED, '物业乱收费', 'no', 'The property 物业 keeps overcharging me']) {
      const once = followMessage({ lang: 'zh' }, text);
      assert.deepEqual(followMessage(once, text), once, text);
    }
  });

  it('takes English from en-* locales and Chinese from everything else', () => {
    assert.equal(langOfLocale('en-US'), 'en');
    assert.equal(langOfLocale('zh-CN'), 'zh');
    assert.equal(langOfLocale(undefined), 'zh');
  });
});

describe('messageLength', () => {
  it('counts a Han character as one and a Latin word or number as two', () => {
    assert.equal(messageLength('转人工'), 3);
    assert.equal(messageLength('I want to talk to a real person'), 16);
    assert.equal(messageLength("what's the status of my ticket?"), 12);
    assert.equal(messageLength('查询 QD20261207-000001'), 6);
    assert.equal(messageLength('？？！'), 0);
  });
});
