import { createHash, randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { HOLD_TOKEN_FIELD } from '../../bot/conversationLock';
import { noteReadDoc, takeDocToWrite } from '../../bot/stateDocs';
import type { RedisClient } from './client';
import { z } from 'zod';
import { scriptError, UnexpectedReplyError } from './errors';
import type { RedisKeys } from './keys';
import { defineBotStateCommands } from './commands';

export interface RedisBotStorageOptions {
  /** Expire an item this many seconds after its last write, so abandoned conversations go. */
  ttlSeconds?: number;
}

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** HMGET etag doc: both fields or neither, since the write script sets them together. */
const StoredItemSchema = z.union([
  z.tuple([z.null(), z.null()]).transform(() => null),
  z.tuple([z.string(), z.string()]).transform(([eTag, doc]) => ({ eTag, doc })),
]);
/** 1 written, or a negative code for `scriptError`. */
const WriteReplySchema = z.union([z.literal(1), z.number().int().negative()]);
/** z.custom keeps the parsed object itself: z.record would rebuild it and drop `__proto__` keys. */
const DocSchema = z.custom<JsonObject>(isJsonObject, 'stored bot state is not a JSON object');

const HASHED = 'sha256:';
const MAX_VERBATIM_KEY_BYTES = 200;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The id a botbuilder key is stored under. Long keys are hashed; so are keys that already start
 * with the hash marker (so the two forms never meet) and keys with lone surrogates (which UTF-8
 * would silently merge). Hashing UTF-16 code units keeps distinct strings distinct.
 */
export function storedKeyId(key: string): string {
  const verbatim =
    Buffer.byteLength(key, 'utf8') <= MAX_VERBATIM_KEY_BYTES &&
    !key.startsWith(HASHED) &&
    !LONE_SURROGATE.test(key);
  if (verbatim) return key;
  return HASHED + createHash('sha256').update(Buffer.from(key, 'utf16le')).digest('hex');
}

interface PreparedWrite {
  key: string;
  expectedETag: string;
  doc: string;
  /** The writer's hold on the item ('' when none): checked, and let go of, by the write. */
  holdToken: string;
}

function prepareWrite(key: string, item: unknown): PreparedWrite {
  if (!isJsonObject(item)) throw new TypeError(`Storage: item "${key}" must be an object.`);
  const { eTag, [HOLD_TOKEN_FIELD]: hold, ...doc } = item;
  if (eTag !== undefined && eTag !== null && typeof eTag !== 'string') {
    throw new TypeError(`Storage: eTag of item "${key}" must be a string.`);
  }
  if (hold !== undefined && !(Number.isSafeInteger(hold) && (hold as number) > 0)) {
    throw new TypeError(`Storage: hold token of item "${key}" must be a positive whole number.`);
  }
  return {
    key,
    expectedETag: eTag ?? '',
    // The change check hands over the doc it has just made of this item (stateDocs.ts).
    doc: takeDocToWrite(item) ?? JSON.stringify(doc),
    holdToken: hold === undefined ? '' : String(hold),
  };
}

/** `__proto__` is a legal botbuilder key; plain assignment would set the prototype instead. */
function setItem(items: StoreItems, key: string, value: JsonObject): void {
  Object.defineProperty(items, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * botbuilder `Storage` on RedisClient, with the semantics of botbuilder's MemoryStorage: every write
 * gives the item a new eTag; a write whose eTag is missing or '*' is unconditional, one whose
 * eTag no longer matches is rejected with `StorageConflictError`. An item carrying
 * `HOLD_TOKEN_FIELD` (a turn saving the conversation it holds, see RedisConversationLock) is
 * written only while that hold is the writer's, which the write lets go of
 * (`ConversationLockLostError` otherwise); the field itself is not stored. Each key is checked and
 * written atomically; a batch is not all-or-nothing (neither is MemoryStorage's), because its
 * keys may live in different cluster slots.
 */
export class RedisBotStorage implements Storage {
  /** 0 = items never expire (the write script's convention). */
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    opts: RedisBotStorageOptions = {},
  ) {
    const { ttlSeconds } = opts;
    if (ttlSeconds !== undefined && !(Number.isSafeInteger(ttlSeconds) && ttlSeconds > 0)) {
      throw new RangeError('ttlSeconds must be a positive whole number of seconds');
    }
    this.ttlSeconds = ttlSeconds ?? 0;
    defineBotStateCommands(redis);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const replies = await Promise.all(
      keys.map((key) => this.redis.hmget(this.redisKey(key), 'etag', 'doc')),
    );
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const stored = StoredItemSchema.parse(replies[i]);
      if (stored === null) return;
      const item = { ...DocSchema.parse(JSON.parse(stored.doc)), eTag: stored.eTag };
      noteReadDoc(item, stored.doc);
      setItem(items, key, item);
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    // Serialize everything first: an item that cannot be written stops the batch before any I/O.
    const writes = Object.entries(changes).map(([key, item]) => prepareWrite(key, item));
    const outcomes = await Promise.allSettled(writes.map((w) => this.writeOne(w)));
    const failure = outcomes.find((o) => o.status === 'rejected');
    if (failure) throw failure.reason;
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    // One DEL per key: a multi-key DEL fails in a cluster when the keys span slots.
    await Promise.all(keys.map((key) => this.redis.del(this.redisKey(key))));
  }

  private async writeOne({ key, expectedETag, doc, holdToken }: PreparedWrite): Promise<void> {
    const raw = await this.redis.hotlineWriteBotState(
      this.redisKey(key),
      expectedETag,
      randomUUID(),
      doc,
      this.ttlSeconds,
      holdToken,
    );
    const reply = WriteReplySchema.safeParse(raw);
    if (!reply.success) throw new UnexpectedReplyError('hotlineWriteBotState', String(raw));
    if (reply.data < 0) throw scriptError('hotlineWriteBotState', reply.data, key);
  }

  private redisKey(key: string): string {
    return this.keys.botState(storedKeyId(key));
  }
}
