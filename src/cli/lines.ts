import { z } from 'zod';
import type { Classification, RequestClassifier } from '../nlu/types';

/** Longest accepted line; a request to the hotline is a few hundred characters at most. */
export const MAX_LINE_BYTES = 16 * 1024;

export type LineErrorCode = 'EMPTY_INPUT' | 'TOO_LONG' | 'NOT_TEXT' | 'INVALID_JSON';

export interface LineError {
  error: { code: LineErrorCode; message: string };
  id?: string | number;
}

export type Answer = (Classification & { id?: string | number }) | LineError;

/**
 * Splits a byte stream into lines without holding more than one line in memory; a line longer
 * than MAX_LINE_BYTES is cut off (the rest skipped up to its newline) and flagged, so one huge
 * line cannot exhaust memory and still yields exactly one answer.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private overflow = false;

  constructor(private readonly onLine: (line: Buffer, overflow: boolean) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      this.append(chunk.subarray(start, nl));
      this.flush();
      start = nl + 1;
    }
    this.append(chunk.subarray(start));
  }

  /** The last line, when the input does not end with a newline. */
  end(): void {
    if (this.size > 0 || this.overflow) this.flush();
  }

  private append(bytes: Buffer): void {
    if (this.overflow || bytes.length === 0) return;
    if (this.size + bytes.length > MAX_LINE_BYTES) {
      this.overflow = true;
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private flush(): void {
    const line = Buffer.concat(this.parts);
    const overflow = this.overflow;
    this.parts = [];
    this.size = 0;
    this.overflow = false;
    this.onLine(line, overflow);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });
/** C0 controls other than tab, and DEL: not something a person types. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}
const jsonLine = z.looseObject({
  text: z.string(),
  id: z.union([z.string(), z.number()]).optional(),
});

function fail(code: LineErrorCode, message: string, id?: string | number): LineError {
  return id === undefined ? { error: { code, message } } : { error: { code, message }, id };
}

/** The one answer for one input line: a classification, or an error saying what was wrong. */
export function answerLine(bytes: Buffer, classifier: RequestClassifier, overflow = false): Answer {
  if (overflow) return fail('TOO_LONG', `line longer than ${MAX_LINE_BYTES} bytes`);
  let line: string;
  try {
    line = decoder.decode(bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes);
  } catch {
    return fail('NOT_TEXT', 'line is not valid UTF-8 text');
  }
  if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  if (hasControl(line)) return fail('NOT_TEXT', 'line contains control characters (binary data?)');
  let text = line.trim();
  let id: string | number | undefined;
  if (text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail('INVALID_JSON', 'line starts with "{" but is not valid JSON');
    }
    const parsed = jsonLine.safeParse(value);
    if (!parsed.success) return fail('INVALID_JSON', 'JSON line needs a string field "text"');
    ({ text, id } = parsed.data);
    text = text.trim();
    if (hasControl(text)) return fail('NOT_TEXT', 'text contains control characters', id);
  }
  if (text === '') return fail('EMPTY_INPUT', 'nothing to classify', id);
  const result = classifier.classify(text);
  return id === undefined ? result : { id, ...result };
}
