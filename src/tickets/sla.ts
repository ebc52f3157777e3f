import type { Category } from '../nlu/types';

/** How many working days a department has to answer, by category (限时办结). */
export interface SlaPolicy {
  workingDays(category: Category): number;
}

/** The interim table until the ticket workflow brings the full one: consultations are quicker. */
export function simpleSla(defaultDays: number, consultDays: number): SlaPolicy {
  return { workingDays: (category) => (category === 'consult' ? consultDays : defaultDays) };
}
