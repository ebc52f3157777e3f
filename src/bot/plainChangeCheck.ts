import type { BotState, StatePropertyAccessor, StoreItems, TurnContext } from 'botbuilder';
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

    override createProperty<T>(name: string): StatePropertyAccessor<T> {
      return new StateProperty<T>(this, name);
    }

    private cached(context: TurnContext): Cached | undefined {
      return context.turnState.get(this.#slot) as Cached | undefined;
    }
  }
  return PlainChangeCheck;
}

/**
 * What botbuilder's BotStatePropertyAccessor does, as a native async function: its get goes
 * through TypeScript's generator-based `__awaiter` and a load that returns the cached state,
 * about 1.8 µs a call against 0.1, and the dialogs read the session some ten times a turn.
 * The state is loaded once per turn as before; a default value is cloned as botbuilder clones it.
 */
class StateProperty<T> implements StatePropertyAccessor<T> {
  constructor(
    private readonly state: BotState,
    readonly name: string,
  ) {}

  get(context: TurnContext): Promise<T | undefined>;
  get(context: TurnContext, defaultValue: T): Promise<T>;
  async get(context: TurnContext, defaultValue?: T): Promise<T | undefined> {
    const obj = await this.loaded(context);
    if (!Object.prototype.hasOwnProperty.call(obj, this.name) && defaultValue !== undefined) {
      obj[this.name] =
        typeof defaultValue === 'object' ? JSON.parse(JSON.stringify(defaultValue)) : defaultValue;
    }
    return obj[this.name] as T | undefined;
  }

  async set(context: TurnContext, value: T): Promise<void> {
    (await this.loaded(context))[this.name] = value;
  }

  async delete(context: TurnContext): Promise<void> {
    const obj = await this.loaded(context);
    if (Object.prototype.hasOwnProperty.call(obj, this.name)) delete obj[this.name];
  }

  /** The turn's state; read from storage only when nothing has loaded it yet this turn. */
  private loaded(context: TurnContext): Record<string, unknown> | Promise<Record<string, unknown>> {
    return this.state.get(context) ?? this.state.load(context);
  }
}
