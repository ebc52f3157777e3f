import type { BotState, StoreItems, TurnContext } from 'botbuilder';
import { noteDocToWrite, stateDoc, takeReadDoc } from './stateDocs';

interface Cached {
  state: Record<string, unknown>;
  /** The state as last read or written, as stored (`stateDoc`). */
  json: string;
}

// A mixin's base must be a constructor of `any[]` (TypeScript's rule for mixins).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StateClass = abstract new (...args: any[]) => BotState;

/**
 * botbuilder's BotState decides whether a turn changed the state by hashing it: JSON with a
 * replacer function called for every key, then SHA-256, three times per turn (on load, before
 * the save, and again after it). Every turn loads and saves two states, and that was a tenth of
 * the bot's CPU under load (`npm run bench -- --cpu-prof`). This keeps the same behaviour (load
 * once per turn unless forced, save only what changed unless forced, eTag '*') and compares
 * the plain JSON kept from the load instead: one serialisation on load and one on save, each
 * shared with the storage when it is the Redis one (`stateDocs.ts`).
 */
export function withPlainChangeCheck<C extends StateClass>(Base: C) {
  abstract class PlainChangeCheck extends Base {
    readonly #slot = Symbol('state');

    override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
      const cached = this.cached(context);
      if (cached !== undefined && !force) return cached.state;
      const key = await this.storageKey(context);
      const items: StoreItems = await this.storage.read([key]);
      const state = (items[key] as Record<string, unknown> | undefined) ?? {};
      const json = takeReadDoc(state) ?? stateDoc(state);
      context.turnState.set(this.#slot, { state, json } satisfies Cached);
      return state;
    }

    override async saveChanges(context: TurnContext, force = false): Promise<void> {
      const cached = this.cached(context) ?? (force ? { state: {}, json: '' } : undefined);
      if (cached === undefined) return;
      const key = await this.storageKey(context);
      const json = stateDoc(cached.state);
      if (!force && json === cached.json) return;
      cached.state.eTag = '*';
      noteDocToWrite(cached.state, json);
      await this.storage.write({ [key]: cached.state });
      cached.json = json;
      context.turnState.set(this.#slot, cached);
    }

    override async clear(context: TurnContext): Promise<void> {
      context.turnState.set(this.#slot, { state: {}, json: '' } satisfies Cached);
    }

    override async delete(context: TurnContext): Promise<void> {
      context.turnState.delete(this.#slot);
      const key = await this.storageKey(context);
      await this.storage.delete([key]);
    }

    override get(context: TurnContext): Record<string, unknown> | undefined {
      return this.cached(context)?.state;
    }

    private cached(context: TurnContext): Cached | undefined {
      return context.turnState.get(this.#slot) as Cached | undefined;
    }
  }
  return PlainChangeCheck;
}
