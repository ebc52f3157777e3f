import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Profile = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}
const HeapNodeSchema: z.ZodType<HeapNode> = z.lazy(() =>
  z.object({
    callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    selfSize: z.number(),
    children: z.array(HeapNodeSchema),
  }),
);
const HeapProfile = z.object({ head: HeapNodeSchema });

/**
 * Where the CPU went in a --cpu-prof profile: self time by package or source folder, and the
 * heaviest functions; or, given the `.heapprofile` beside it, where the window allocated.
 * `npx tsx bench/profileSummary.ts bench/profiles/bot-api.cpuprofile|.heapprofile [top]`
 */
function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: profileSummary.ts <file.cpuprofile> [top]');
  const top = Number(process.argv[3] ?? 30);
  if (file.endsWith('.heapprofile')) {
    heapSummary(HeapProfile.parse(JSON.parse(readFileSync(file, 'utf8'))).head, top);
    return;
  }
  const profile = Profile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  // Inclusive: each sample counts once for every file of ours on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byOwnFile = new Map<string, number>();
  const byStage = new Map<string, number>();
  for (const [id, us] of self) {
    const files = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      const url = shortUrl(frame?.url ?? '');
      if (/^(src|dialogs)\//.test(url) || url.startsWith('botbuilder-core/lib/botState')) {
        files.add(url);
      }
      if (at === id && frame !== undefined && frame.url === '') files.add(frame.functionName);
    }
    for (const f of files) byOwnFile.set(f, (byOwnFile.get(f) ?? 0) + us);
    const leaf = byId.get(id)?.callFrame;
    const stage =
      STAGES.find(([, test]) => [...files].some((f) => test.test(f)))?.[0] ??
      `no code of ours on the stack: ${leaf === undefined ? '?' : areaOf(leaf.url, leaf.functionName)}`;
    byStage.set(stage, (byStage.get(stage) ?? 0) + us);
  }
  const print = (title: string, m: Map<string, number>, n: number) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
      process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}\n`);
    }
  };
  process.stdout.write(`${(total / 1e6).toFixed(1)} s sampled\n`);
  print(
    'by stage of a turn (a sample goes to the first stage on its stack, in this order)',
    byStage,
    20,
  );
  print('self time by area', byArea, 40);
  print('self time by function', byFunction, top);
  print(
    'inclusive time by file of ours (a sample counts for every file on its stack)',
    byOwnFile,
    top,
  );
}

/** Bytes allocated (sampled, freed ones included) by area, by function, and by file of ours. */
function heapSummary(head: HeapNode, top: number): void {
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byOwnFile = new Map<string, number>();
  let total = 0;
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  const walk = (node: HeapNode, ownFiles: readonly string[]) => {
    const { url, functionName, lineNumber } = node.callFrame;
    const short = shortUrl(url);
    const files = /^(src|dialogs)\//.test(short) ? [...ownFiles, short] : ownFiles;
    total += node.selfSize;
    add(byArea, areaOf(url, functionName), node.selfSize);
    add(byFunction, `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`, node.selfSize);
    for (const f of new Set(files)) add(byOwnFile, f, node.selfSize);
    for (const child of node.children) walk(child, files);
  };
  walk(head, []);
  const print = (title: string, m: Map<string, number>, n: number) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, bytes] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
      process.stdout.write(`${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${k}\n`);
    }
  };
  process.stdout.write(`${(total / 2 ** 20).toFixed(1)} MB allocated (sampled)\n`);
  print('allocated by area', byArea, 25);
  print('allocated by function', byFunction, top);
  print('allocated under each file of ours (inclusive)', byOwnFile, top);
}

/** Stages of a turn, most specific first: a sample goes to the first whose files are on its stack. */
const STAGES: [string, RegExp][] = [
  ['garbage collection', /^\(garbage collector\)$/],
  ['duplicate linking (tickets)', /^src\/tickets\/(duplicateLinker|duplicates)\.ts$/],
  [
    'ticket filing (numbering, deadlines, store)',
    /^src\/tickets\/|^src\/store\/redis\/ticketStore\.ts$|^dialogs\/filing\.ts$/,
  ],
  ['classifier', /^src\/nlu\//],
  ['state read/write', /^src\/store\/redis\/botStateStorage\.ts$|^botbuilder-core\/lib\/botState/],
  ['conversation lock, dedupe', /conversationLock\.ts$|activityDedupe\.ts$/],
  ['rate limit', /rateLimit\.ts$/],
  ['handoff gate', /^src\/bot\/handoffGate\.ts$|^src\/handoff\//],
  ['dialogs', /^dialogs\//],
  ['adapter, activity parsing, HTTP', /^src\/bot\/|^src\/server\.ts$|^src\/channels\//],
  ['bench instrumentation', /^bench\//],
];

function areaOf(url: string, fn: string): string {
  if (url === '') return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm:${pkg[1]}`;
  if (url.startsWith('node:')) return url;
  const own = /^(src\/[^/]+|dialogs|bench)\//.exec(shortUrl(url));
  if (own) return own[1] ?? url;
  return url;
}

function shortUrl(url: string): string {
  return url
    .replace(/^.*node_modules\//, '')
    .replace(`file://${process.cwd()}/`, '')
    .replace(`${process.cwd()}/`, '');
}

main();
