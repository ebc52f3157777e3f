import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { createLogger, scrubMessage, serializeError } from '../src/log';

function capture(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, sink };
}

describe('log', () => {
  describe('serializeError', () => {
    it('keeps the type, code, message and frames, and none of the properties libraries attach', () => {
      const err = Object.assign(new TypeError('boom'), {
        code: 'E_BOOM',
        dialogContext: { stack: [{ id: 'intake', state: { options: { text: '我家漏水' } } }] },
        command: { name: 'evalsha', args: ['{"text":"我家漏水"}'] },
      });
      const logged = serializeError(err);
      assert.equal(logged.type, 'TypeError');
      assert.equal(logged.code, 'E_BOOM');
      assert.equal(logged.message, 'boom');
      assert.match(logged.stack ?? '', /^\s+at /);
      assert.deepEqual(Object.keys(logged).sort(), ['code', 'message', 'stack', 'type']);
    });

    it("follows a cause one level at a time, botbuilder-dialogs' wrapped `error` included", () => {
      const inner = new Error('connection lost');
      const wrapped = Object.assign(new Error('connection lost'), { error: inner });
      assert.equal(serializeError(wrapped).cause?.message, 'connection lost');
      assert.equal(serializeError(new Error('outer', { cause: inner })).cause?.type, 'Error');
    });
  });

  describe('scrubMessage', () => {
    const cases: [string, string][] = [
      [
        'Unexpected token \'a\', "我家小区物业乱收费" is not valid JSON',
        'Unexpected token \'a\', "[text]" is not valid JSON',
      ],
      [
        "Invalid enum value. Expected 'a' | 'b', received 'call me on 13812345678'",
        "Invalid enum value. Expected 'a' | 'b', received [quoted]",
      ],
      ['duplicate 370202199001011237', 'duplicate [number]'],
      ['code 91370200MA3C12345E refused', 'code [number]MA3C[number]E refused'],
      ['phone 138 1234 5678 and 0532-88888888', 'phone [number] and [number]'],
      ['connect ECONNREFUSED 127.0.0.1:6379', 'connect ECONNREFUSED 127.0.0.1:6379'],
      [
        `Unexpected token in "${'call me back please '.repeat(200)}" is not valid JSON`,
        'Unexpected token in [quoted]',
      ],
      [
        "Cannot read properties of undefined (reading 'text')",
        "Cannot read properties of undefined (reading 'text')",
      ],
    ];
    for (const [message, logged] of cases) {
      it(`logs ${JSON.stringify(message)} as ${JSON.stringify(logged)}`, () => {
        assert.equal(scrubMessage(message), logged);
      });
    }
  });

  describe('createLogger', () => {
    it('serialises an Error under any key, and redacts text, phones and bodies', () => {
      const { lines, sink } = capture();
      const logger = createLogger('info', sink);
      const err = Object.assign(new Error('failed'), { activity: { text: '我家漏水' } });
      logger.error({ nested: err, text: '我家漏水', requester: { phone: '13812345678' } }, 'x');
      logger.error(err, 'y');
      const all = lines.join('');
      assert.ok(!all.includes('我家漏水') && !all.includes('13812345678'), all);
      assert.match(all, /"nested":\{"type":"Error","message":"failed"/);
      assert.match(all, /"err":\{"type":"Error","message":"failed"/);
    });

    it('scrubs the message of an error logged on its own', () => {
      const { lines, sink } = capture();
      const logger = createLogger('info', sink);
      logger.error(new Error('no reply from 13812345678'));
      logger.error({ err: new Error('no reply from 13812345678') });
      assert.equal(lines.filter((l) => l.includes('"msg":"no reply from [number]"')).length, 2);
      assert.ok(!lines.join('').includes('13812345678'), "!lines.join('').includes('13812345678')");
    });

    it('scrubs an error message logged as a string and keeps it a string', () => {
      const { lines, sink } = capture();
      createLogger('info', sink).error({ err: 'connect ECONNREFUSED for 13812345678' }, 'z');
      assert.match(lines.join(''), /"err":"connect ECONNREFUSED for \[number\]"/);
    });
  });
});
