import { TurnContextStateCollection, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogContext,
  DialogStateManager,
  TurnPath,
  type DialogSet,
  type DialogState,
  type DialogStateManagerConfiguration,
} from 'botbuilder-dialogs';

/**
 * Dialog contexts that make their `DialogStateManager` only when something asks for it.
 *
 * botbuilder-dialogs' DialogContext constructor builds a state manager, and with it registers a
 * fresh `DialogsComponentRegistration` (a service collection holding factories for every memory
 * scope) and parses the path `turn.activity` to store the activity in it: for every dialog
 * context, and a turn makes one for the root and one for each component dialog on the stack.
 * Nothing here reads dialog memory; botbuilder itself reads it only when a dialog ends (it stores
 * `turn.lastResult`) and when asked for the turn's locale. So the manager is made on first use,
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

/** A DialogContext whose `state` is made on first read (never constructed with `new`). */
class LazyState extends DialogContext {}

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

/** Where a component dialog keeps its inner stack in its instance state (as ComponentDialog). */
const PERSISTED_DIALOG_STATE = 'dialogs';

/**
 * A ComponentDialog whose inner dialog context, made on every turn it is on the stack, is lean.
 * Its state format is ComponentDialog's own, so conversations carry on across the change.
 */
export abstract class LeanComponentDialog<O extends object = object> extends ComponentDialog<O> {
  override createChildContext(outerDC: DialogContext): DialogContext {
    const instance = outerDC.activeDialog ?? { id: this.id, state: {} };
    const stored = instance.state as Record<string, DialogState | undefined>;
    const inner = stored[PERSISTED_DIALOG_STATE] ?? { dialogStack: [] };
    stored[PERSISTED_DIALOG_STATE] = inner;
    return leanDialogContext(this.dialogs, outerDC, inner);
  }
}
