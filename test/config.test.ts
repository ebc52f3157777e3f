import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig, staffCookieSecure } from '../src/config';

describe('config', () => {
  it('has safe defaults for a local start', () => {
    const c = loadConfig({});
    assert.equal(c.PORT, 3978);
    assert.equal(c.REDIS_URL, undefined);
    assert.equal(c.REDIS_KEY_PREFIX, 'hotline:');
    assert.equal(c.TICKET_PREFIX, 'QD');
    assert.equal(c.HOTLINE_TIMEZONE, 'Asia/Shanghai');
    assert.equal(c.MicrosoftAppId, '');
  });

  it('treats an empty REDIS_URL as unset', () => {
    assert.equal(loadConfig({ REDIS_URL: '' }).REDIS_URL, undefined);
  });

  it('parses holiday lists', () => {
    const c = loadConfig({ HOLIDAYS: '2027-01-01, 2027-02-08', MAKEUP_WORKDAYS: '' });
    assert.deepEqual(c.HOLIDAYS, ['2027-01-01', '2027-02-08']);
    assert.deepEqual(c.MAKEUP_WORKDAYS, []);
  });

  for (const [name, value] of [
    ['PORT', '70000'],
    ['REDIS_URL', 'http://example'],
    ['TICKET_PREFIX', 'qd'],
    ['HOTLINE_TIMEZONE', 'Nowhere/City'],
    ['WORK_START', '9am'],
    ['HOLIDAYS', '2027-1-1'],
    ['NLU_CONFIDENCE_THRESHOLD', '1.5'],
    ['LOG_LEVEL', 'loud'],
    ['STAFF_SESSION_TTL_SECONDS', '10'],
    ['STAFF_COOKIE_SECURE', 'maybe'],
    ['STAFF_LOGIN_USERNAME_EVERY_SECONDS', '0'],
  ] as const) {
    it(`stops on a bad ${name}, naming it`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (err: unknown) => err instanceof ConfigError && err.message.includes(name),
      );
    });
  }

  it('refuses working hours that end before they start', () => {
    assert.throws(() => loadConfig({ WORK_START: '18:00', WORK_END: '09:00' }), /WORK_START/);
  });

  it('makes the staff cookie Secure in production unless told otherwise', () => {
    assert.equal(staffCookieSecure(loadConfig({})), false);
    assert.equal(staffCookieSecure(loadConfig({ NODE_ENV: 'production' })), true);
    assert.equal(
      staffCookieSecure(loadConfig({ NODE_ENV: 'production', STAFF_COOKIE_SECURE: 'false' })),
      false,
    );
    assert.equal(staffCookieSecure(loadConfig({ STAFF_COOKIE_SECURE: 'true' })), true);
    assert.equal(loadConfig({}).STAFF_SESSION_TTL_SECONDS, 8 * 3600);
  });
});
