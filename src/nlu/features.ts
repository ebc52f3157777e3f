import PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer');
import AggressiveTokenizer = require('natural/lib/natural/tokenizers/aggressive_tokenizer');
import type { GlossaryEntry } from './glossary';
import { isPlaceholder, normalize } from './normalize';

/** Bump when feature extraction changes in a way the glossary and options do not show. */
export const FEATURE_VERSION = 1;

/** Which n-grams become features; chosen by cross-validation (see `hotline tune`). */
export interface FeatureOptions {
  /** Longest Chinese character n-gram (1..3). */
  charNgrams: number;
  /** Add English word bigrams to the stemmed unigrams. */
  wordBigrams: boolean;
  /** Mark very short messages, which are mostly conversation (greetings, thanks). */
  lengthFeature: boolean;
  /** Add `=concept` features from the domain glossary (shared by Chinese and English). */
  concepts: boolean;
  /** Mark question and exclamation marks, cues of asking (consult) and of anger (complaint). */
  punctuation: boolean;
  /** How many times a concept feature counts (concepts are few among many n-grams). */
  conceptRepeat: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  charNgrams: 2,
  wordBigrams: true,
  lengthFeature: true,
  concepts: true,
  conceptRepeat: 1,
  punctuation: true,
};

const HAN = /\p{Script=Han}/u;
/** Punctuation that ends an English phrase (no word bigram across it). */
const PHRASE_BREAK = /[.,!?;:()[\]{}"“”‘’、，。！？；：（）【】《》…~～]/;
const tokenizer = new AggressiveTokenizer();

/**
 * Tokens of a message that is already normalised: Chinese character n-grams within runs of
 * Han characters (and number placeholders), English Porter stems and stem bigrams.
 */
export function extractFeatures(
  normalized: string,
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  glossary: readonly GlossaryEntry[] = [],
): string[] {
  const out: string[] = [];
  let han = '';
  let latin = '';
  let hanChars = 0;
  const flushHan = (): void => {
    if (han) addCharNgrams(han, options.charNgrams, out);
    han = '';
  };
  const concepts = options.concepts ? new Set<string>() : null;
  const index = conceptIndex(glossary);
  const flushLatin = (): void => {
    if (latin.trim())
      addWords(latin, options.wordBigrams, out, concepts && { found: concepts, index });
    latin = '';
  };
  for (const ch of normalized) {
    if (HAN.test(ch) || isPlaceholder(ch)) {
      flushLatin();
      han += ch;
      if (!isPlaceholder(ch)) hanChars++;
    } else if (ch === ' ') {
      flushHan();
      latin += ch;
    } else if (PHRASE_BREAK.test(ch)) {
      flushHan();
      flushLatin();
    } else {
      flushHan();
      latin += ch;
    }
  }
  flushHan();
  flushLatin();
  if (concepts) {
    addChineseConcepts(normalized, index, concepts);
    for (const concept of concepts) {
      for (let r = 0; r < options.conceptRepeat; r++) out.push(`=${concept}`);
    }
  }
  if (options.punctuation && out.length > 0) {
    if (/[?？]/.test(normalized)) out.push('#?');
    if (/[!！]/.test(normalized)) out.push('#!');
  }
  if (options.lengthFeature && out.length > 0) out.push(lengthToken(hanChars, normalized.length));
  return out;
}

/** natural's name for a tokenizer, so the classifiers can take raw text too. */
export function textTokenizer(
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  glossary: readonly GlossaryEntry[] = [],
): {
  tokenizeAndStem(text: string): string[];
} {
  return { tokenizeAndStem: (text: string) => extractFeatures(normalize(text), options, glossary) };
}

function addCharNgrams(run: string, maxN: number, out: string[]): void {
  const chars = [...run];
  for (let n = 1; n <= maxN; n++) {
    for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  }
}

/** Porter stems by word: stemming is most of the cost of an English message, and words repeat. */
const stems = new Map<string, string>();
function stem(word: string): string {
  let known = stems.get(word);
  if (known === undefined) {
    if (stems.size >= 50_000) stems.clear();
    known = PorterStemmer.stem(word);
    stems.set(word, known);
  }
  return known;
}

function stemWords(segment: string): string[] {
  return tokenizer.tokenize(segment).map(stem);
}

function addWords(
  segment: string,
  bigrams: boolean,
  out: string[],
  concepts: { found: Set<string>; index: ConceptIndex } | null,
): void {
  const stems = stemWords(segment);
  for (const stem of stems) out.push(stem);
  if (bigrams) for (let i = 1; i < stems.length; i++) out.push(`${stems[i - 1]} ${stems[i]}`);
  if (concepts) addEnglishConcepts(stems, concepts.index, concepts.found);
}

interface ConceptIndex {
  /** First character -> Chinese variants starting with it. */
  chinese: Map<string, [variant: string, concept: string][]>;
  /** Stem sequence joined by spaces -> concepts. */
  english: Map<string, string[]>;
  longestPhrase: number;
}

/** One index per glossary (the model's), built on first use. */
const conceptIndexes = new WeakMap<readonly GlossaryEntry[], ConceptIndex>();

function conceptIndex(glossary: readonly GlossaryEntry[]): ConceptIndex {
  const known = conceptIndexes.get(glossary);
  if (known) return known;
  const index: ConceptIndex = { chinese: new Map(), english: new Map(), longestPhrase: 1 };
  for (const { concept, chinese, english } of glossary) {
    for (const variant of chinese) {
      const first = variant[0] ?? '';
      const list = index.chinese.get(first) ?? [];
      list.push([variant, concept]);
      index.chinese.set(first, list);
    }
    for (const phrase of english) {
      const stems = stemWords(phrase);
      const key = stems.join(' ');
      index.english.set(key, [...(index.english.get(key) ?? []), concept]);
      index.longestPhrase = Math.max(index.longestPhrase, stems.length);
    }
  }
  conceptIndexes.set(glossary, index);
  return index;
}

function addChineseConcepts(text: string, index: ConceptIndex, found: Set<string>): void {
  const { chinese } = index;
  for (let i = 0; i < text.length; i++) {
    const candidates = chinese.get(text[i] ?? '');
    if (!candidates) continue;
    for (const [variant, concept] of candidates)
      if (text.startsWith(variant, i)) found.add(concept);
  }
}

function addEnglishConcepts(
  stems: readonly string[],
  index: ConceptIndex,
  found: Set<string>,
): void {
  const { english, longestPhrase } = index;
  for (let i = 0; i < stems.length; i++) {
    let key = '';
    for (let n = 0; n < longestPhrase && i + n < stems.length; n++) {
      key = n === 0 ? stems[i]! : `${key} ${stems[i + n]}`;
      const hit = english.get(key);
      if (hit) for (const concept of hit) found.add(concept);
    }
  }
}

/**
 * Which of the entries a normalised message mentions, with the words that matched: Chinese
 * variants as substrings, English phrases on stems at word boundaries (as for `=concept`).
 */
export function findConcepts(
  normalized: string,
  entries: readonly GlossaryEntry[],
): Map<string, string> {
  const index = conceptIndex(entries);
  const found = new Map<string, string>();
  for (let i = 0; i < normalized.length; i++) {
    const candidates = index.chinese.get(normalized[i] ?? '');
    if (!candidates) continue;
    for (const [variant, concept] of candidates)
      if (!found.has(concept) && normalized.startsWith(variant, i)) found.set(concept, variant);
  }
  if (/[a-z]/.test(normalized)) {
    const words = tokenizer.tokenize(normalized);
    const stemmed = words.map(stem);
    for (let i = 0; i < stemmed.length; i++) {
      let key = '';
      for (let n = 0; n < index.longestPhrase && i + n < stemmed.length; n++) {
        key = n === 0 ? stemmed[i]! : `${key} ${stemmed[i + n]}`;
        for (const concept of index.english.get(key) ?? [])
          if (!found.has(concept)) found.set(concept, words.slice(i, i + n + 1).join(' '));
      }
    }
  }
  return found;
}

/** Length bucket on the scale of Chinese characters (an English word counts as ~1.5). */
function lengthToken(hanChars: number, totalChars: number): string {
  const size = hanChars > 0 ? hanChars : totalChars / 4;
  if (size <= 4) return '#len:xs';
  if (size <= 10) return '#len:s';
  if (size <= 25) return '#len:m';
  return '#len:l';
}
