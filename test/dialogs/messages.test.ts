import { strict as assert } from 'node:assert';
import { messages } from '../../dialogs/messages';
import { urgeMessages } from '../../dialogs/urgeMessages';

describe('messages', () => {
  const callback = { onDuty: true, hours: '00:00-24:00', when: '12月8日 04:25', ticketId: null };

  it('shows a landline in a call-back promise as the summary card does, area code first', () => {
    const zh = messages('zh').humanCallback({ ...callback, phone: '0532-88886666' });
    assert.match(zh, /拨打您留下的电话 0532-\*\*\*\*6666 回电/);
    const en = messages('en').humanCallback({ ...callback, phone: '0532-88886666-123' });
    assert.match(en, /call you on 0532-\*\*\*\*6666-123 by/);
  });

  it('promises no check by staff when the credit code is skipped: nobody is asked to make one', () => {
    assert.doesNotMatch(messages('zh').creditCodeSkipped, /核实|工作人员会/);
    assert.doesNotMatch(messages('en').creditCodeSkipped, /verify|staff will/);
    assert.match(messages('zh').creditCodeSkipped, /不影响登记和办理/);
  });

  it('promises no confirmation by staff when the district is skipped: nobody is asked to make one', () => {
    assert.doesNotMatch(messages('zh').districtSkipped, /确认|工作人员会/);
    assert.doesNotMatch(messages('en').districtSkipped, /confirm|staff will/);
    assert.match(messages('zh').districtSkipped, /不影响登记/);
  });

  it('promises queue news from the first places only to a person queued further back', () => {
    const far = { now: false, places: 20 };
    const zh = messages('zh').humanQueued(25, 60, null, false, far);
    assert.match(zh, /排到前 20 位后，排队有变化时会告诉您。$/);
    const en = messages('en').humanQueued(25, 60, { id: 'QD1', awaitsDispatch: false }, false, far);
    assert.match(en, /once you are among the first 20, you will be told as the queue moves\./);
    assert.match(
      messages('zh').humanQueued(3, 10, null),
      /请不要关闭页面；排队有变化时会告诉您。$/,
    );
  });

  it('keeps the first three and last four digits of a mobile in a call-back promise', () => {
    const zh = messages('zh').humanCallback({ ...callback, phone: '13912345678' });
    assert.match(zh, /139\*\*\*\*5678/);
  });

  it('names no "<placeholder>", which Web Chat drops as markup ("send “check ”")', () => {
    // 7 December 2026: the widget showed "for one already filed, send “check ”".
    const en = messages('en');
    const texts = [
      en.help,
      en.hoursAnswer(null, '09:00–17:30'),
      en.rateLater,
      urgeMessages('en').others(2, 'QD20261128-000123', false),
    ];
    for (const text of texts) assert.doesNotMatch(text, /<[a-z][a-z ]*>/i, text);
  });
});
