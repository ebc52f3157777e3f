import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig, redisTarget, staffCookieSecure } from '../src/config';

const SECRET = 'a-directline-secret-of-at-least-32-chars';

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
    ['HOLIDAYS', '2026-13-01'],
    ['MAKEUP_WORKDAYS', '2026-02-30'],
    ['SLA_FILE', '/nonexistent/sla.yaml'],
    ['HOLIDAYS_FILE', '/nonexistent/holidays.yaml'],
    ['NLU_CONFIDENCE_THRESHOLD', '1.5'],
    ['LOG_LEVEL', 'loud'],
    ['STAFF_SESSION_TTL_SECONDS', '10'],
    ['STAFF_COOKIE_SECURE', 'maybe'],
    ['STAFF_LOGIN_USERNAME_EVERY_SECONDS', '0'],
    ['NODE_ENV', 'prod'],
    ['NODE_ENV', 'Production'],
  ] as const) {
    it(`stops on a bad ${name} (${value}), naming it`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (err: unknown) => err instanceof ConfigError && err.message.includes(name),
      );
    });
  }

  it('names a bad webhook without printing the URLs, which may carry a token', () => {
    assert.throws(
      () =>
        loadConfig({
          SUPERVISION_WEBHOOKS: JSON.stringify({
            housing: 'http://oa.example.gov.cn/hooks?key=s3cr3t',
            supervisors: 'https://oa.example.gov.cn/hooks?key=t0ken',
          }),
        }),
      (err: Error) =>
        /SUPERVISION_WEBHOOKS\.housing: expected an https:\/\/ URL \(value hidden\)/.test(
          err.message,
        ) && !/s3cr3t|t0ken/.test(err.message),
    );
  });

  it('refuses working hours that end before they start', () => {
    assert.throws(() => loadConfig({ WORK_START: '18:00', WORK_END: '09:00' }), /WORK_START/);
  });

  it('refuses production without DIRECTLINE_SECRET, while the web widget is on', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (err: unknown) => err instanceof ConfigError && /DIRECTLINE_SECRET/.test(err.message),
    );
    assert.doesNotThrow(() => loadConfig({ NODE_ENV: 'production', DIRECTLINE_ENABLED: 'false' }));
    assert.doesNotThrow(() => loadConfig({ NODE_ENV: 'production', DIRECTLINE_SECRET: SECRET }));
    assert.doesNotThrow(() => loadConfig({}));
  });

  it('makes the staff cookie Secure in production unless told otherwise', () => {
    assert.equal(staffCookieSecure(loadConfig({})), false);
    assert.equal(
      staffCookieSecure(loadConfig({ NODE_ENV: 'production', DIRECTLINE_SECRET: SECRET })),
      true,
    );
    assert.equal(
      staffCookieSecure(
        loadConfig({
          NODE_ENV: 'production',
          DIRECTLINE_SECRET: SECRET,
          STAFF_COOKIE_SECURE: 'false',
        }),
      ),
      false,
    );
    assert.equal(staffCookieSecure(loadConfig({ STAFF_COOKIE_SECURE: 'true' })), true);
    assert.equal(loadConfig({}).STAFF_SESSION_TTL_SECONDS, 8 * 3600);
  });

  describe('which Redis', () => {
    it('reaches a cluster through any of its nodes, or a master through Sentinel', () => {
      assert.equal(redisTarget(loadConfig({})), null);
      assert.deepEqual(redisTarget(loadConfig({ REDIS_URL: 'redis://r:6379' })), {
        mode: 'url',
        url: 'redis://r:6379',
      });
      assert.deepEqual(
        redisTarget(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.5:7000, 10.0.0.6:7001' })),
        {
          mode: 'cluster',
          nodes: [
            { host: '10.0.0.5', port: 7000 },
            { host: '10.0.0.6', port: 7001 },
          ],
        },
      );
      assert.deepEqual(
        redisTarget(
          loadConfig({
            REDIS_SENTINELS: 's1:26379,s2:26379',
            REDIS_SENTINEL_NAME: 'hotline',
            REDIS_PASSWORD: 'pw',
            REDIS_SENTINEL_PASSWORD: 'spw',
          }),
        ),
        {
          mode: 'sentinel',
          sentinels: [
            { host: 's1', port: 26379 },
            { host: 's2', port: 26379 },
          ],
          name: 'hotline',
          password: 'pw',
          sentinelPassword: 'spw',
        },
      );
    });

    for (const [env, named] of [
      [
        { REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'a:7000' },
        /REDIS_URL and REDIS_CLUSTER_NODES/,
      ],
      [
        { REDIS_CLUSTER_NODES: 'a:7000', REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'm' },
        /REDIS_CLUSTER_NODES and REDIS_SENTINELS/,
      ],
      [{ REDIS_SENTINELS: 's:26379' }, /REDIS_SENTINELS is set without REDIS_SENTINEL_NAME/],
      [{ REDIS_SENTINEL_NAME: 'm' }, /REDIS_SENTINEL_NAME is set without REDIS_SENTINELS/],
      [
        { REDIS_URL: 'redis://r:6379', REDIS_PASSWORD: 'pw' },
        /REDIS_PASSWORD is set with REDIS_URL/,
      ],
      [{ REDIS_CLUSTER_NODES: 'a:70000' }, /REDIS_CLUSTER_NODES/],
      [{ REDIS_SENTINELS: 'nohost', REDIS_SENTINEL_NAME: 'm' }, /REDIS_SENTINELS/],
    ] as const) {
      it(`stops start-up naming the variable: ${JSON.stringify(env)}`, () => {
        assert.throws(
          () => loadConfig(env),
          (err: Error) => err instanceof ConfigError && named.test(err.message),
        );
      });
    }
  });
});
