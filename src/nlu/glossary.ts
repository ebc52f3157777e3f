import { z } from 'zod';

/**
 * Domain glossary (intents/glossary.yaml): a concept and the other ways people write it, in
 * Chinese and in English. A message that mentions any of them gets the feature `=concept`.
 */
export interface GlossaryEntry {
  concept: string;
  /** A subject of requests (gas, lifts, wages), as opposed to a speech act (complain, thank). */
  topic: boolean;
  chinese: string[];
  /** English variants as lowercase word sequences (stemmed by the feature extractor). */
  english: string[];
}

/** `concept: 中文 同义词 | english, multi word phrase`, as the office writes it. */
const lines = z.record(z.string().min(1), z.string().nullable());
export const glossaryFileSchema = z.object({ topics: lines, speechActs: lines }).strict();

function entry(concept: string, line: string | null, topic: boolean): GlossaryEntry {
  const [zh = '', en = ''] = (line ?? '').split('|');
  return {
    concept,
    topic,
    chinese: [concept, ...zh.trim().split(/\s+/).filter(Boolean)],
    english: en
      .split(',')
      .map((phrase) => phrase.trim().toLowerCase())
      .filter(Boolean),
  };
}

export function parseGlossary(raw: unknown): GlossaryEntry[] {
  const file = glossaryFileSchema.parse(raw);
  return [
    ...Object.entries(file.topics).map(([concept, line]) => entry(concept, line, true)),
    ...Object.entries(file.speechActs).map(([concept, line]) => entry(concept, line, false)),
  ];
}

export const glossaryEntrySchema = z.object({
  concept: z.string(),
  topic: z.boolean(),
  chinese: z.array(z.string()),
  english: z.array(z.string()),
});

/**
 * Every way of naming a topic, each on its own: bare subjects ("停水", "gas bill") are requests,
 * never conversation or emergencies, which the meta and emergency heads learn from these.
 */
export function topicPhrases(glossary: readonly GlossaryEntry[]): string[] {
  return glossary.filter((e) => e.topic).flatMap((e) => [...e.chinese, ...e.english]);
}
