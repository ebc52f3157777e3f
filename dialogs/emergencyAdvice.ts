import type { EmergencyKind } from '../src/nlu/types';

/**
 * What the person is told to do, by situation. Most follow the classifier's emergency kind;
 * someone in the water and someone caught in a machine are "trapped" to the classifier but need
 * other first steps, so the message's words decide those.
 */
export type EmergencySituation = EmergencyKind | 'drowning' | 'machinery';

const DROWNING =
  /落水|溺水|(?:掉|落|摔|栽|滑|跌)(?:进|到|入|下)了?.{0,6}(?:湖|水库|池塘|水塘|水坑|水池|泳池|水里|江|河|海)|在水里|冲走|drown|(?:fell|fallen|falls|slipped) (?:in|into) (?:the|a) (?:lake|river|sea|pond|reservoir|water|canal|pool|harbou?r)|in the water|in deep water|fell through the ice/iu;
const MACHINERY =
  /机器|机床|设备|传送带|输送带|皮带|搅拌机|绞肉机|滚筒|卷扬机|冲床|冲压机|压力机|齿轮|轧机|电锯|切割机|(?:卷|绞|轧)(?:进|住|到)|machine|machinery|conveyor|roller|gears?\b/iu;

/**
 * A plea and nothing else ("救命", "help me"): nothing says what is happening, so the advice is
 * the general one (all three numbers), not the advice of the kind the classifier filed it under.
 */
const BARE_PLEA =
  /^\s*(?:please\s+)?(?:救命|救救我|就命|快来人|help me|help)(?:\s*(?:啊|呀|please))?[\s!！。.…~～]*$/iu;

export function emergencySituation(
  kind: EmergencyKind | null,
  text: string,
): EmergencySituation | null {
  if (BARE_PLEA.test(text)) return null;
  if (kind === 'trapped' || kind === 'medical') {
    if (DROWNING.test(text)) return 'drowning';
    if (MACHINERY.test(text)) return 'machinery';
  }
  return kind;
}
