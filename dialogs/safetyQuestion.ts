import { MessageFactory } from 'botbuilder';
import { AskPrompt } from './askPrompt';
import { yesNo } from './choices';
import { handleEmergency } from './escalation';
import { messages } from './messages';
import { getSession, type DialogServices } from './services';
import type { Step } from './waterfall';

/** The safety check's question, with its two buttons (MainDialog's and the intake's). */
export function safetyPrompt(id: string, services: DialogServices): AskPrompt {
  return new AskPrompt(id, services, {
    question: (_ctx, lang) => {
      const m = messages(lang);
      return MessageFactory.suggestedActions([m.safetyYes, m.safetyNo], m.safetyCheck);
    },
  });
}

/**
 * The answer to the safety check: "yes" raises the alarm; an answer that is neither yes nor no
 * is read with the request it was asked about, and raises the alarm on danger in the two. True
 * when the alarm was raised, false when the request goes on.
 */
export async function alarmedBySafetyAnswer(
  services: DialogServices,
  step: Step,
  request: string,
): Promise<boolean> {
  const answer = typeof step.result === 'string' ? step.result.trim() : '';
  const m = messages((await getSession(services, step.context)).lang);
  const said = answer === m.safetyYes ? 'yes' : answer === m.safetyNo ? 'no' : yesNo(answer);
  if (said === 'yes') {
    // The model's guess of the kind was not sure enough to alarm: the advice is general.
    await handleEmergency(services, step.context, null);
    return true;
  }
  if (said === null) {
    const both = services.classifier.classify(`${request} ${answer}`);
    if (both.emergency) {
      await handleEmergency(services, step.context, both.emergencyKind);
      return true;
    }
  }
  return false;
}
