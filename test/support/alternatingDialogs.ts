import {
  ConversationState,
  MemoryStorage,
  TestAdapter,
  type StatePropertyAccessor,
  type StoreItems,
  type TurnContext,
} from 'botbuilder';
import {
  DialogSet,
  DialogTurnStatus,
  type Dialog,
  type DialogContext,
  type DialogState,
} from 'botbuilder-dialogs';

export interface AlternatingOptions {
  /** The conversation's state (a fresh in-memory one by default), for dialogs that read it. */
  state?: ConversationState;
  /**
   * Runs before the dialog stack is continued, as a bot's global commands do; a turn it
   * handles (true) does not continue the stack.
   */
  interrupt?: (dc: DialogContext) => Promise<boolean>;
}

/**
 * One conversation over one storage in which each turn runs dialog `dialogId` from the
 * implementation `pick(turn)` names: for checking that two implementations keep one state
 * format, so a conversation begun on one carries on on the other (a rolling deploy).
 */
export function alternatingConversation<K extends string>(
  implementations: Record<K, Dialog[]>,
  pick: (turn: number) => K,
  dialogId: string,
  options: AlternatingOptions = {},
): { adapter: TestAdapter; ended: unknown[] } {
  const { state = new ConversationState(new MemoryStorage()), interrupt } = options;
  const dialogState: StatePropertyAccessor<DialogState> = state.createProperty('dialogState');
  const sets = {} as Record<K, DialogSet>;
  for (const key of Object.keys(implementations) as K[]) {
    const set = new DialogSet(dialogState);
    for (const dialog of implementations[key]) set.add(dialog);
    sets[key] = set;
  }
  const ended: unknown[] = [];
  let turn = 0;
  const adapter = new TestAdapter(async (ctx: TurnContext) => {
    const dc = await sets[pick(turn++)].createContext(ctx);
    if (interrupt === undefined || !(await interrupt(dc))) {
      let result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) result = await dc.beginDialog(dialogId);
      if (result.status === DialogTurnStatus.complete) ended.push(result.result);
    }
    await state.saveChanges(ctx);
  });
  return { adapter, ended };
}

/** Storage that keeps every write, as JSON, to compare the state two implementations keep. */
export class RecordingStorage extends MemoryStorage {
  readonly writes: string[] = [];

  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(JSON.stringify(changes));
    return super.write(changes);
  }
}
