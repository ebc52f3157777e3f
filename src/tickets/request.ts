import { createHash } from 'node:crypto';
import type { Classification } from '../nlu/types';
import type { ClassificationRecord } from './ticket';
import type { NewTicketInput } from './ticketService';

/** What the model read in a request: the parts a ticket keeps. */
export type ModelReading = Pick<
  Classification,
  'department' | 'confidence' | 'alternatives' | 'category' | 'categoryConfidence'
>;

/** A request as a conversation hands it over: what was said, what was settled, who asks. */
export interface IntakeRequest extends Pick<
  NewTicketInput,
  'channel' | 'conversation' | 'requester' | 'text' | 'earlierTexts' | 'lang'
> {
  /** The model's reading of the description; null when there was none. */
  reading: ModelReading | null;
  /** The department settled in the conversation (or the model's guess, unconfirmed). */
  department: string;
  decidedBy: 'model' | 'requester';
  district: string | null;
  location: string | null;
  /** false: nobody confirmed the department; the ticket waits for duty staff to dispatch it. */
  departmentConfirmed: boolean;
}

/** How many departments besides the settled one a ticket remembers the model proposing. */
const ALTERNATIVES_KEPT = 3;

/**
 * The ticket a request becomes. The model's confidence is kept only for the department it chose;
 * a department the person picked over it scores 0, and the model's choice joins the alternatives.
 */
export function ticketInput(request: IntakeRequest): NewTicketInput {
  const { reading, department } = request;
  const alternatives = [
    ...(reading?.department
      ? [{ department: reading.department, confidence: reading.confidence }]
      : []),
    ...(reading?.alternatives ?? []),
  ].filter((a) => a.department !== department);
  const classification: ClassificationRecord = {
    department,
    confidence: department === reading?.department ? reading.confidence : 0,
    alternatives: alternatives.slice(0, ALTERNATIVES_KEPT),
    category: reading?.category ?? 'consult',
    categoryConfidence: reading?.categoryConfidence ?? 0,
    decidedBy: request.decidedBy,
  };
  return {
    channel: request.channel,
    conversation: request.conversation,
    requester: request.requester,
    text: request.text,
    ...(request.earlierTexts !== undefined ? { earlierTexts: request.earlierTexts } : {}),
    lang: request.lang,
    classification,
    district: request.district,
    location: request.location,
    departmentConfirmed: request.departmentConfirmed,
    dedupeKey: requestDedupeKey(request),
  };
}

/**
 * The same person asking the same department the same thing is one request: a re-sent
 * activity, a double-tapped 确认提交 or a "human" after the summary files one ticket, not two.
 */
export function requestDedupeKey(
  request: Pick<IntakeRequest, 'requester' | 'department' | 'text'>,
): string {
  const business = createHash('sha256')
    .update(`${request.requester.key}\n${request.department}\n${request.text.trim()}`)
    .digest('hex')
    .slice(0, 32);
  return `request:${business}`;
}
