import type { DangerStatement } from '../src/nlu/types';
import type { DialogServices } from './services';

/**
 * The one check for answers to the bot's own questions (district, place, phone, company,
 * yes/no): only an explicit statement of danger ("着火了", "someone is breaking in") raises the
 * alarm. A place name, a number, punctuation or a company name typed into the form never does,
 * so a form answer cannot trip a false alarm that would wipe the intake.
 */
export function dangerInAnswer(services: DialogServices, answer: string): DangerStatement | null {
  return services.classifier.explicitDanger(answer);
}
