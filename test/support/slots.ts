import { Command } from 'ioredis';

/** CRC16 (XMODEM) as Redis Cluster hashes keys (cluster spec, appendix A). */
function crc16(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : crc << 1;
    crc &= 0xffff;
  }
  return crc;
}

/** The cluster slot of a key: only the first non-empty `{...}` is hashed when there is one. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  return crc16(Buffer.from(hashed)) % 16384;
}

/** Scripts run in this process whose KEYS span more than one slot: `<keys>` each. */
export const crossSlotScripts: string[] = [];

/**
 * Watches every EVAL/EVALSHA this process sends (the app's connections too, as tests start it
 * in-process): one whose KEYS hash to two slots would fail on a cluster with CROSSSLOT, so it is
 * recorded here even when the tests run on a single Redis. `cleanup` fails the test on one.
 */
function watchScripts(): void {
  const check = (args: unknown[]): unknown[] => {
    const count = Number(args[1]);
    const keys = args.slice(2, 2 + count).map(String);
    if (new Set(keys.map(keySlot)).size > 1) crossSlotScripts.push(keys.join(' '));
    return args;
  };
  Command.setArgumentTransformer('evalsha', check);
  Command.setArgumentTransformer('eval', check);
}

watchScripts();
