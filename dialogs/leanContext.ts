import { TurnContextStateCollection, type Activity, type TurnContext } from 'botbuilder';
import {
  DialogContext,
  DialogContextError,
  DialogReason,
  DialogStateManager,
  DialogTurnStatus,
  TurnPath,
  type Choice,
  type DialogSet,
  type DialogState,
  type DialogStateManagerConfiguration,
  type DialogTurnResult,
  type PromptOptions,
} from 'botbuilder-dialogs';

/**
 * Dialog contexts that make their `DialogStateManager` only when something asks for it.
 *
 * botbuilder-dialogs' DialogContext constructor builds a state manager, and with it registers a
 * fresh `DialogsComponentRegistration` (a service collection holding factories for every memory
 * scope) and parses the path `turn.activity` to store the activity in it: for every dialog
 * context, and a turn makes one for the root and one for each component dialog on the stack.
 * Nothing here reads dialog memory; botbuilder itself writes it when a dialog ends (it stores
 * `turn.lastResult`, which the lean context's own moves leave out) and reads it when asked for
 * the turn's locale. So the manager is made on first use,
 * exactly as the constructor would have made it, and the rest of the context is what the
 * constructor sets: `services` (a copy of the parent's), `dialogs`, `context`, `parent`, `stack`.
 *
 * This relies on DialogContext's fields, which is safe because botbuilder 4.23 is the final
 * release of a retired SDK (docs/decisions/); test/dialogs/leanContext.test.ts checks the two
 * constructions agree, so an upgrade that changed them would fail there first.
 */
export function leanDialogContext(
  dialogs: DialogSet,
  parentOrTurn: DialogContext | TurnContext,
  state: DialogState,
): DialogContext {
  const dc = Object.create(LazyState.prototype) as DialogContext;
  const services = new TurnContextStateCollection();
  dc.services = services;
  dc.dialogs = dialogs;
  if (parentOrTurn instanceof DialogContext) {
    dc.context = parentOrTurn.context;
    dc.parent = parentOrTurn;
    parentOrTurn.services.forEach((value, key) => services.set(key, value));
  } else {
    dc.context = parentOrTurn;
  }
  if (!Array.isArray(state.dialogStack)) state.dialogStack = [];
  dc.stack = state.dialogStack;
  return dc;
}

const MANAGER = Symbol('dialogStateManager');

/**
 * Where botbuilder-dialogs keeps a turn's state-manager configuration (memory scopes and path
 * resolvers) in the turn state, and reads it from before building its own.
 */
export const STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * The state manager of `dc`. With the turn's configuration at hand it is made as its
 * constructor would make it from that configuration (its two fields), without the constructor's
 * registration of a fresh DialogsComponentRegistration, which only serves building a
 * configuration; else by the constructor, which builds the configuration and keeps it for the
 * turn.
 */
function stateManager(dc: DialogContext): DialogStateManager {
  const configuration = dc.context.turnState.get<DialogStateManagerConfiguration>(
    STATE_MANAGER_CONFIGURATION,
  );
  if (configuration === undefined) return new DialogStateManager(dc);
  const manager = Object.create(DialogStateManager.prototype) as DialogStateManager;
  Object.assign(manager, { dialogContext: dc, configuration });
  return manager;
}

/**
 * A DialogContext whose `state` is made on first read (never constructed with `new`), and whose
 * moves are DialogContext's as plain async functions: botbuilder's run as down-levelled
 * generators, each call wrapped in another for its errors, and every dialog that ends stores its
 * result in dialog memory as `turn.lastResult`, which builds the state manager for it. Only
 * adaptive dialogs read `turn.lastResult`, so it is not stored; errors are wrapped as botbuilder
 * wraps them (DialogContextError, with the stack). The first message of a turn still goes to
 * botbuilder's `continueDialog`, which sends the `activityReceived` event, and cancelling all
 * dialogs (cancel, a person, an alarm) is still botbuilder's.
 */
class LazyState extends DialogContext {
  override async beginDialog(dialogId: string, options?: object): Promise<DialogTurnResult> {
    const dialog = this.findDialog(dialogId);
    if (dialog === undefined) {
      throw new DialogContextError(
        `DialogContext.beginDialog(): A dialog with an id of '${dialogId}' wasn't found.`,
        this,
      );
    }
    this.stack.push({ id: dialogId, state: {} });
    return this.wrapped(dialog.beginDialog(this, options));
  }

  override async prompt(
    dialogId: string,
    promptOrOptions: string | Partial<Activity> | PromptOptions,
    choices?: (string | Choice)[],
  ): Promise<DialogTurnResult> {
    // As DialogContext tells a question from options: a text, or an object with a type.
    const options: PromptOptions =
      typeof promptOrOptions === 'string' || isActivity(promptOrOptions)
        ? { prompt: promptOrOptions }
        : { ...promptOrOptions };
    if (choices) options.choices = choices;
    return this.beginDialog(dialogId, options);
  }

  override async continueDialog(): Promise<DialogTurnResult> {
    const { turnState } = this.context;
    if (activityReceived === undefined || !turnState.has(activityReceived)) {
      const result = await super.continueDialog();
      activityReceived ??= [...turnState.keys()].find(
        (key) => typeof key === 'symbol' && key.description === 'ActivityReceivedEmitted',
      );
      return result;
    }
    const instance = this.activeDialog;
    if (instance === undefined) return { status: DialogTurnStatus.empty };
    const dialog = this.findDialog(instance.id);
    if (dialog === undefined) {
      throw new DialogContextError(
        `DialogContext.continueDialog(): Can't continue dialog. A dialog with an id of '${instance.id}' wasn't found.`,
        this,
      );
    }
    return this.wrapped(dialog.continueDialog(this));
  }

  override async endDialog(result?: unknown): Promise<DialogTurnResult> {
    await this.endActive(DialogReason.endCalled);
    const instance = this.activeDialog;
    if (instance === undefined) return { status: DialogTurnStatus.complete, result };
    const dialog = this.findDialog(instance.id);
    if (dialog === undefined) {
      throw new DialogContextError(
        `DialogContext.endDialog(): Can't resume previous dialog. A dialog with an id of '${instance.id}' wasn't found.`,
        this,
      );
    }
    return this.wrapped(dialog.resumeDialog(this, DialogReason.endCalled, result));
  }

  override async replaceDialog(dialogId: string, options?: object): Promise<DialogTurnResult> {
    await this.endActive(DialogReason.replaceCalled);
    return this.beginDialog(dialogId, options);
  }

  private async endActive(reason: DialogReason): Promise<void> {
    const instance = this.activeDialog;
    if (instance === undefined) return;
    const dialog = this.findDialog(instance.id);
    if (dialog !== undefined) await this.wrapped(dialog.endDialog(this.context, instance, reason));
    this.stack.pop();
  }

  /** As botbuilder wraps what a dialog throws: with the dialog stack it was thrown on. */
  private async wrapped<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      if (err instanceof DialogContextError) throw err;
      throw new DialogContextError(err instanceof Error ? err : String(err), this);
    }
  }
}

function isActivity(value: Partial<Activity> | PromptOptions): value is Partial<Activity> {
  return 'type' in value && value.type !== undefined;
}

/**
 * Where botbuilder-dialogs marks a turn's `activityReceived` event as sent: a symbol of its own,
 * read off the first turn that sent it. Sending it builds a dialog context for every dialog on
 * the stack to walk to the innermost one, then passes the event up through each; no dialog here
 * handles it, so `skipActivityReceived` marks later turns sent before they start. Found by its
 * description: if a botbuilder release named it otherwise, the event would be sent as before.
 */
let activityReceived: symbol | undefined;

/** Marks this turn's `activityReceived` event as sent (once the first turn has shown where). */
export function skipActivityReceived(ctx: TurnContext): void {
  if (activityReceived !== undefined) ctx.turnState.set(activityReceived, true);
}

Object.defineProperty(LazyState.prototype, 'state', {
  configurable: true,
  get(this: DialogContext & { [MANAGER]?: DialogStateManager }): DialogStateManager {
    let manager = this[MANAGER];
    if (manager === undefined) {
      manager = stateManager(this);
      manager.setValue(TurnPath.activity, this.context.activity);
      this[MANAGER] = manager;
    }
    return manager;
  },
  set(this: DialogContext & { [MANAGER]?: DialogStateManager }, value: DialogStateManager) {
    this[MANAGER] = value;
  },
});
