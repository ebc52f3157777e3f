import { AccessTokens } from '../../src/access/tokens';
import type { Clock } from '../../src/core/clock';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTokenStore } from '../../src/store/redis/tokenStore';
import { connect } from './redis';

/**
 * API tokens in the test's Redis prefix, as `hotline token create` makes them: one per
 * department named, plus `duty` and `supervisor`. Keyed by department code or role.
 */
export async function apiTokens(
  prefix: string,
  clock: Clock,
  departments: readonly string[],
): Promise<Record<string, string>> {
  const redis = connect();
  const tokens: Record<string, string> = {};
  try {
    const access = new AccessTokens(
      new RedisTokenStore(redis, new RedisKeys(prefix)),
      clock,
      new Set(departments),
    );
    for (const d of departments) {
      tokens[d] = (await access.create({ role: 'department', department: d })).token;
    }
    tokens.duty = (await access.create({ role: 'duty' })).token;
    tokens.supervisor = (await access.create({ role: 'supervisor' })).token;
  } finally {
    await redis.quit();
  }
  return tokens;
}
