import { AlertKeySchema } from '../../supervision/alerts';
import { scanAll, type RedisClient } from './client';
import { defineTicketCommands } from './commands';
import { ticketBucket, type RedisKeys } from './keys';
import { RedisTicketStore } from './ticketStore';

/** A day's counter without an expiry (or an old one that lost it) gets the store's own. */
const SEQUENCE_TTL_SECONDS = 3 * 24 * 3600;
const DEDUPE_TTL_SECONDS = 7 * 24 * 3600;

/** What `hotline migrate-keys` found (dry run) or did (`--apply`). */
export interface MigrationReport {
  /** Keys of the pre-cluster layout (everything under `{tickets}`). */
  oldKeys: number;
  /** Old ticket hashes; `imported`: those written in the new layout by this run. */
  tickets: number;
  imported: number;
  sequences: number;
  dedupe: number;
  raisedAlerts: number;
  /** Tickets (new layout, imported or already there) whose index entries were rewritten. */
  reindexed: number;
  deleted: number;
}

/**
 * Tickets in the pre-cluster layout: every ticket lands in `{tickets}:all`, so its size says
 * whether there is anything to migrate. One command (EXISTS-cheap), fit for start-up.
 */
export async function legacyTicketCount(redis: RedisClient, keys: RedisKeys): Promise<number> {
  return redis.zcard(keys.legacyTickets('all'));
}

/**
 * Moves tickets from the single `{tickets}` tag to the cluster layout (keys.ts), then rewrites
 * every ticket's index entries from its record, then deletes the old keys. Idempotent: a ticket
 * already there is not overwritten, index writes repeat harmlessly, and a second run finds no
 * old keys. Without `apply` it only counts. Run it with the bot stopped: alerts being raised
 * while it runs may be raised again.
 */
export async function migrateKeys(
  redis: RedisClient,
  keys: RedisKeys,
  { apply, progress = () => undefined }: { apply: boolean; progress?: (line: string) => void },
): Promise<MigrationReport> {
  defineTicketCommands(redis);
  const store = new RedisTicketStore(redis, keys);
  const base = keys.legacyTickets();
  const old = await scanAll(redis, `${base}*`);
  const rest = (k: string) => k.slice(base.length);
  const of = (kind: string) => old.filter((k) => rest(k).startsWith(kind));
  const report: MigrationReport = {
    oldKeys: old.length,
    tickets: of('t:').length,
    imported: 0,
    sequences: of('seq:').length,
    dedupe: of('dedupe:').length,
    raisedAlerts: 0,
    reindexed: 0,
    deleted: 0,
  };
  const raisedKey = keys.legacyTickets('alerts:raised');
  const raised = old.includes(raisedKey) ? await redis.zrange(raisedKey, 0, -1, 'WITHSCORES') : [];
  report.raisedAlerts = raised.length / 2;
  if (!apply) return report;

  // Raised markers first: re-indexing a ticket must not offer an alert raised already.
  for (let i = 0; i < raised.length; i += 2) {
    const [member = '', score = '0'] = [raised[i], raised[i + 1]];
    const alert = AlertKeySchema.safeParse(member);
    if (!alert.success) continue;
    await redis.zadd(keys.alertsRaised(ticketBucket(alert.data.ticketId)), 'NX', score, member);
  }
  for (const key of of('seq:')) {
    const [value, ttl] = await Promise.all([redis.get(key), redis.ttl(key)]);
    if (value === null) continue;
    await redis.hotlineRaiseTicketSequence(
      keys.ticketSeq(rest(key).slice('seq:'.length)),
      Number(value),
      ttl > 0 ? ttl : SEQUENCE_TTL_SECONDS,
    );
  }
  for (const key of of('dedupe:')) {
    const [value, ttl] = await Promise.all([redis.get(key), redis.ttl(key)]);
    if (value === null) continue;
    const target = keys.dedupe(rest(key).slice('dedupe:'.length));
    await redis.set(target, value, 'EX', ttl > 0 ? ttl : DEDUPE_TTL_SECONDS, 'NX');
  }
  for (const [n, key] of of('t:').entries()) {
    const id = rest(key).slice('t:'.length);
    const [fields, history] = await Promise.all([
      redis.hgetall(key),
      redis.lrange(keys.legacyTickets(`h:${id}`), 0, -1),
    ]);
    if (Object.keys(fields).length === 0) continue;
    const pairs = Object.entries(fields).flat();
    const written = await redis.hotlineImportTicket(
      keys.ticket(id),
      keys.ticketHistory(id),
      pairs.length / 2,
      ...pairs,
      ...history,
    );
    report.imported += written;
    if ((n + 1) % 1000 === 0) progress(`imported ${n + 1} of ${report.tickets} tickets`);
  }

  // Every ticket of the new layout, so that index entries lost to a crash are re-added too.
  const tickets = await scanAll(redis, `${keys.ticket('*')}`);
  for (const key of tickets) {
    const ticket = RedisTicketStore.decode(await redis.hgetall(key));
    if (ticket === null) continue;
    await store.reindex(ticket);
    report.reindexed += 1;
    if (report.reindexed % 1000 === 0) progress(`re-indexed ${report.reindexed} tickets`);
  }

  // `{tickets}:all` last: while it exists the bot refuses to start.
  const allKey = keys.legacyTickets('all');
  for (const key of [...old.filter((k) => k !== allKey), ...old.filter((k) => k === allKey)]) {
    report.deleted += await redis.del(key);
  }
  return report;
}
