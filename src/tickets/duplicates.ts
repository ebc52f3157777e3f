import { z } from 'zod';
import { setBounded } from '../core/boundedMap';
import { extractFeatures, type FeatureOptions } from '../nlu/features';
import { isPlaceholder, normalize } from '../nlu/normalize';

/**
 * Duplicates (并单): a new ticket that reads like an open one of the same department and
 * district, filed within 48 hours, is linked to it as a proposal for duty staff. The person
 * still gets their own ticket number; many linked reports of one incident make a hotspot.
 */

/** How far back a new ticket looks for the report it repeats. */
export const DUPLICATE_WINDOW_MS = 48 * 3600 * 1000;

/**
 * Character-bigram (and English stem) Jaccard at or above which two texts describe one incident.
 * Chosen from the labelled pairs in test/tickets/duplicatePairs.ts (the test prints precision
 * and recall): different incidents at one shared place name reach 0.23, most retellings of one
 * incident 0.25 and more. A false link costs duty staff an unlink and can inflate a hotspot, so
 * the threshold sits above the different incidents rather than below every retelling.
 */
export const SIMILARITY_THRESHOLD = 0.24;

export const TicketLinkSchema = z.object({
  ticketId: z.string(),
  kind: z.enum(['duplicate_of', 'duplicated_by']),
  /** The texts' similarity (0..1) when the link was proposed. */
  score: z.number(),
});
export type TicketLink = z.infer<typeof TicketLinkSchema>;

/**
 * Why a ticket is proposed for top-level coordination (顶格协调): many linked reports (hotspot),
 * or a second dispute (a second 不满意, a second transfer request).
 */
export const CoordinationProposalSchema = z.object({
  trigger: z.enum(['hotspot', 'second_dissatisfied', 'second_transfer']),
  at: z.iso.datetime(),
});
export type CoordinationProposal = z.infer<typeof CoordinationProposalSchema>;

/** What the similarity looks at: the ticket's text, department, district, time and state. */
export interface DuplicateCandidate {
  id: string;
  text: string;
  createdAt: string;
  status: string;
  district: string | null;
  leadDepartment: string | null;
  firstContactDepartment: string;
  classification: { department: string };
  links: readonly TicketLink[];
}

/** Han bigrams and English stems only: single characters and function words match everything. */
const SIMILARITY_FEATURES: FeatureOptions = {
  charNgrams: 2,
  wordBigrams: false,
  lengthFeature: false,
  concepts: false,
  punctuation: false,
  conceptRepeat: 0,
};
const HAN = /\p{Script=Han}/u;
const ENGLISH_STOPWORDS = new Set(
  (
    'a an the and or but of in on at to for from by with is are was were be been it its this ' +
    'that there here my our your their his her we i you they he she me us them have has had do ' +
    'does did not no so very all any some near next as'
  ).split(' '),
);

/** The terms a text is compared by, after the project's normalisation (NFKC, 繁→简, numbers). */
export function similarityTerms(text: string): Set<string> {
  const terms = extractFeatures(normalize(text), SIMILARITY_FEATURES).filter((t) => {
    const chars = [...t];
    if (chars.length === 1) return !(HAN.test(t) || isPlaceholder(t)) && /[a-z]/.test(t);
    return !ENGLISH_STOPWORDS.has(t);
  });
  return new Set(terms);
}

/**
 * Terms of texts seen lately, by text: every filing compares its text with up to 50 open
 * tickets at its place, mostly the same ones each time during a burst, and extracting terms was
 * most of what a filing cost. A text's terms never change, so a bounded cache is exact.
 */
const TERMS_CACHE_MAX = 10_000;
const termsCache = new Map<string, ReadonlySet<string>>();

function cachedTerms(text: string): ReadonlySet<string> {
  const found = termsCache.get(text);
  if (found !== undefined) return found;
  const terms = similarityTerms(text);
  setBounded(termsCache, text, terms, TERMS_CACHE_MAX);
  return terms;
}

/** Jaccard similarity of two texts' terms, 0 when either has none. */
export function textSimilarity(a: string, b: string): number {
  return jaccard(cachedTerms(a), cachedTerms(b));
}

function jaccard(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const t of x) if (y.has(t)) common++;
  return common / (x.size + y.size - common);
}

/**
 * The department a ticket is compared under: its lead, or while none is dispatched the first
 * contact, else the department the model proposed.
 */
export function duplicateDepartment(t: DuplicateCandidate): string {
  return t.leadDepartment ?? (t.firstContactDepartment || t.classification.department);
}

/**
 * Whether a report is still listed among the open reports of `department` in `district` (the
 * `recent` index of src/tickets/indexes.ts): a store drops the entries that fail this.
 */
export function reportedAt(c: DuplicateCandidate, department: string, district: string): boolean {
  return c.status !== 'closed' && c.district === district && duplicateDepartment(c) === department;
}

/** Whether `older` may be the report `fresh` repeats: open, same department and district, 48 h. */
export function mayDuplicate(fresh: DuplicateCandidate, older: DuplicateCandidate): boolean {
  if (older.id === fresh.id || older.status === 'closed') return false;
  if (fresh.district === null || older.district !== fresh.district) return false;
  if (duplicateDepartment(older) !== duplicateDepartment(fresh)) return false;
  const age = Date.parse(fresh.createdAt) - Date.parse(older.createdAt);
  return age >= 0 && age <= DUPLICATE_WINDOW_MS;
}

/** The ticket a report of the same incident was linked to, if it was. */
export function duplicateOf(t: DuplicateCandidate): string | undefined {
  return t.links.find((l) => l.kind === 'duplicate_of')?.ticketId;
}

/**
 * `duplicated_by` links a report lists, at most: the first reports of its incident. Every filing
 * at the place reads each open report's links (up to 50 of them) and every view of the ticket
 * shows them, so a burst (a water main bursts: hundreds call) must not grow them without end;
 * duty staff reviewing a proposed merge judge it from the first reports, a screenful, and the
 * ticket's count (`duplicateReports`) and history (one `link` event per report) keep the rest.
 */
export const LISTED_DUPLICATES = 20;

/** The `duplicated_by` links a ticket lists (at most LISTED_DUPLICATES of its linked reports). */
export function listedDuplicates(t: { links: readonly TicketLink[] }): number {
  return t.links.filter((l) => l.kind === 'duplicated_by').length;
}

/**
 * How many reports were linked to this one as repeating it: its count, or on a ticket written
 * before the count existed (when every link was listed), its listed links.
 */
export function linkedReports(t: {
  links: readonly TicketLink[];
  duplicateReports?: number | undefined;
}): number {
  return t.duplicateReports ?? listedDuplicates(t);
}

export interface DuplicateMatch {
  /** The report to link to: the first one of its incident. */
  ticketId: string;
  score: number;
}

/**
 * The report `fresh` repeats, among `candidates`: of those it reads like (at or above
 * `threshold`), the earliest first report of their incident. A match that is itself linked as
 * a duplicate stands for the report it repeats, while that one is still a candidate. Linking to
 * the earliest rather than the most similar keeps one incident's reports on one ticket even
 * when two are filed at once and neither is linked yet. The score is the best among the matches
 * that stand for the chosen report.
 */
export function bestDuplicate(
  fresh: DuplicateCandidate,
  candidates: readonly DuplicateCandidate[],
  threshold: number = SIMILARITY_THRESHOLD,
): DuplicateMatch | null {
  let best: { root: DuplicateCandidate; score: number } | null = null;
  for (const c of candidates) {
    if (!mayDuplicate(fresh, c)) continue;
    const score = textSimilarity(fresh.text, c.text);
    if (score < threshold) continue;
    const rootId = duplicateOf(c);
    const linked = rootId === undefined ? undefined : candidates.find((r) => r.id === rootId);
    const root = linked !== undefined && mayDuplicate(fresh, linked) ? linked : c;
    if (best === null || earlier(root, best.root)) best = { root, score };
    else if (root.id === best.root.id) best.score = Math.max(best.score, score);
  }
  return best === null ? null : { ticketId: best.root.id, score: round(best.score) };
}

function earlier(a: DuplicateCandidate, b: DuplicateCandidate): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

/** Whether a ticket's linked reports make it a hotspot to propose for 顶格协调 now. */
export function hotspotDue(
  t: {
    status: string;
    links: readonly TicketLink[];
    duplicateReports?: number | undefined;
    coordinationProposal: unknown;
  },
  threshold: number,
): boolean {
  return t.status !== 'closed' && t.coordinationProposal === null && linkedReports(t) >= threshold;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
