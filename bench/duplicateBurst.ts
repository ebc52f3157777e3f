import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import { createRedisClient } from '../src/store/redis/client';
import { RedisKeys } from '../src/store/redis/keys';
import { RedisNotificationStore } from '../src/store/redis/notificationStore';
import { RedisTicketStore } from '../src/store/redis/ticketStore';
import { SupervisorDesk } from '../src/supervision/proposals';
import { DuplicateLinker, type CoordinationProposalNotice } from '../src/tickets/duplicateLinker';
import { linkedReports } from '../src/tickets/duplicates';
import { simpleSla } from '../src/tickets/sla';
import { TicketService, type NewTicketInput } from '../src/tickets/ticketService';
import { WorkCalendar } from '../src/tickets/workCalendar';
import { startRedis } from './redisServer';

/**
 * A burst at one place (a water main bursts: many people file at once): files one report, then
 * `--reports` retellings at once through TicketService over `--instances` connections to a
 * redis-server of its own, and counts the Redis commands the burst sent (wrapped sendCommand)
 * and ran (INFO, inside scripts too). The same burst without the duplicate linker tells what
 * linking costs per filing.
 *
 *   npx tsx bench/duplicateBurst.ts [--reports 50] [--instances 2] [--threshold 5]
 */
const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '50' },
    instances: { type: 'string', default: '2' },
    threshold: { type: 'string', default: '5' },
  },
});
const REPORTS = Number(values.reports);
const INSTANCES = Number(values.instances);
const THRESHOLD = Number(values.threshold);

const ROOT = '香港中路和南京路路口的水管爆了，路面全是水，车都过不去了';
const RETELLINGS = [
  '南京路香港中路路口水管爆了，到处是水，很危险',
  '香港中路南京路路口水管爆裂，路上全是水',
  '香港中路南京路口的水管爆了，车过不去了',
  '南京路和香港中路路口水管爆了，快来修',
  '香港中路南京路路口的水管爆了，路面全是水',
];

interface Burst {
  commands: number;
  serverCommands: number;
  byName: Map<string, number>;
  wallMs: number;
  errors: string[];
  linked: number;
  linkEvents: number;
  proposals: number;
  notices: number;
}

async function burst(withLinker: boolean): Promise<Burst> {
  const server = await startRedis();
  const keys = new RedisKeys('bench:');
  const clients = Array.from(
    { length: INSTANCES },
    () => createRedisClient({ mode: 'url', url: server.url }) as Redis,
  );
  const byName = new Map<string, number>();
  let counting = false;
  let commands = 0;
  let notices = 0;
  for (const c of clients) {
    const send = c.sendCommand.bind(c);
    c.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
      if (counting) {
        commands += 1;
        byName.set(command.name, (byName.get(command.name) ?? 0) + 1);
      }
      return (send as (...a: unknown[]) => unknown)(command, ...rest);
    }) as typeof c.sendCommand;
  }
  let now = Date.parse('2026-12-01T01:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const errors: string[] = [];
  const services = clients.map((redis) => {
    const store = new RedisTicketStore(redis, keys);
    const notifications = new RedisNotificationStore(redis, keys, {
      cap: 500,
      ttlSeconds: 3600,
    });
    const supervisors = new SupervisorDesk({ notifications });
    const desk = {
      propose: (p: CoordinationProposalNotice) => {
        if (counting) notices += 1;
        return supervisors.propose(p);
      },
    };
    return {
      store,
      service: new TicketService({
        store,
        clock,
        calendar: new WorkCalendar({ timeZone: 'Asia/Shanghai' }),
        sla: simpleSla(5, 1),
        ticketPrefix: 'QD',
        ...(withLinker
          ? { duplicates: new DuplicateLinker({ store, clock, hotspotThreshold: THRESHOLD, desk }) }
          : {}),
        desk,
        onError: (err) => errors.push(String(err)),
      }),
    };
  });
  const input = (text: string, i: number): NewTicketInput => ({
    channel: 'directline',
    conversation: { channelId: 'directline', conversationId: `c${i}`, reference: {} },
    requester: { key: `directline:u${i}`, type: 'citizen' },
    text,
    lang: 'zh',
    classification: {
      department: 'water',
      confidence: 0.9,
      alternatives: [],
      category: 'complaint',
      categoryConfidence: 0.9,
      decidedBy: 'model',
    },
    district: 'shinan',
    location: '香港中路',
  });
  const first = services[0];
  if (first === undefined) throw new Error('no instance');
  const root = (await first.service.create(input(ROOT, 0))).ticket;
  await first.service.settle();
  now += 3600_000;
  const before = await server.commandsProcessed();
  counting = true;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: REPORTS }, (_, i) =>
      services[i % INSTANCES]?.service.create(
        input(RETELLINGS[i % RETELLINGS.length] ?? ROOT, i + 1),
      ),
    ),
  );
  // Links are written after each filing is answered: the burst is done when they are.
  await Promise.all(services.map((s) => s.service.settle()));
  const wallMs = performance.now() - started;
  counting = false;
  const serverCommands = (await server.commandsProcessed()) - before;
  const stored = await first.store.get(root.id);
  const history = await first.store.history(root.id);
  for (const c of clients) await c.quit();
  await server.stop();
  return {
    commands,
    serverCommands,
    byName,
    wallMs,
    errors,
    linked: stored === null ? 0 : linkedReports(stored),
    linkEvents: history.filter((e) => e.type === 'link').length,
    proposals: history.filter((e) => e.type === 'propose_coordination').length,
    notices,
  };
}

async function main(): Promise<void> {
  const without = await burst(false);
  const linked = await burst(true);
  const per = (n: number) => (n / REPORTS).toFixed(2);
  console.log(`${REPORTS} filings at once over ${INSTANCES} connections, hotspot at ${THRESHOLD}`);
  console.log(
    `without linker: ${per(without.commands)} commands/filing sent, ${per(without.serverCommands)} run`,
  );
  console.log(
    `with linker:    ${per(linked.commands)} commands/filing sent, ${per(linked.serverCommands)} run, ` +
      `${linked.wallMs.toFixed(0)} ms for the burst`,
  );
  console.log(
    `linking costs:  ${per(linked.commands - without.commands)} commands/filing sent, ` +
      `${per(linked.serverCommands - without.serverCommands)} run`,
  );
  const extra = [...linked.byName]
    .map(([name, n]): [string, number] => [name, n - (without.byName.get(name) ?? 0)])
    .filter(([, n]) => n !== 0)
    .sort((a, b) => b[1] - a[1]);
  console.log(`  by command: ${extra.map(([name, n]) => `${name} ${per(n)}`).join(', ')}`);
  console.log(
    `root: ${linked.linked} linked reports, ${linked.linkEvents} link events, ` +
      `${linked.proposals} hotspot proposals (${linked.notices} notices to the desk); errors: ${linked.errors.length}` +
      (linked.errors.length > 0 ? ` (${[...new Set(linked.errors)].join('; ')})` : ''),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
