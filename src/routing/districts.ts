/** The city's districts from intents/districts.yaml, and finding one in what people write. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { catalogueCode, parseCatalogue } from './catalogue';

const text = z.string().trim().min(1);

const districtSchema = z.object({
  code: catalogueCode,
  zh: text,
  en: text,
  aliases: z.array(text).default([]),
});

const districtFileSchema = z.object({
  city: z.object({ zh: text, en: text }),
  districts: z
    .array(districtSchema)
    .min(1)
    .superRefine((districts, ctx) => {
      const owner = new Map<string, string>();
      districts.forEach((district, i) => {
        for (const name of namesOf(district)) {
          const other = owner.get(matchKey(name));
          if (other !== undefined && other !== district.code) {
            ctx.addIssue({
              code: 'custom',
              message: `"${name}" names both ${other} and ${district.code}`,
              path: [i],
            });
          }
          owner.set(matchKey(name), district.code);
        }
      });
    }),
});

export type District = z.output<typeof districtSchema>;
export type City = z.output<typeof districtFileSchema>['city'];

interface Matcher {
  district: District;
  pattern: RegExp;
  /** Length of the name without spaces: a longer name is a more specific match. */
  weight: number;
}

export class DistrictCatalogue {
  private readonly matchers: readonly Matcher[];

  private constructor(
    readonly city: City,
    private readonly districts: readonly District[],
  ) {
    this.matchers = districts.flatMap((district) =>
      namesOf(district).map((name) => ({
        district,
        pattern: namePattern(name),
        weight: matchKey(name).length,
      })),
    );
  }

  static load(path: string): DistrictCatalogue {
    return DistrictCatalogue.fromYaml(readFileSync(path, 'utf8'), path);
  }

  static fromYaml(source: string, origin = 'districts.yaml'): DistrictCatalogue {
    const file = parseCatalogue(districtFileSchema, source, origin);
    return new DistrictCatalogue(file.city, file.districts);
  }

  /** In the file's order; `parseAnswer` numbers options 1..n in this order. */
  all(): readonly District[] {
    return this.districts;
  }

  get(code: string): District | undefined {
    return this.districts.find((d) => d.code === code);
  }

  /**
   * The district named in free text: the longest name or alias found, the earliest of equally
   * long ones. Latin names only match whole words, so 'shopping dumplings' is not Pingdu.
   */
  find(input: string): District | null {
    const haystack = input.normalize('NFKC').toLowerCase();
    let best: { district: District; weight: number; index: number } | null = null;
    for (const { district, pattern, weight } of this.matchers) {
      const match = pattern.exec(haystack);
      if (!match) continue;
      if (!best || weight > best.weight || (weight === best.weight && match.index < best.index)) {
        best = { district, weight, index: match.index };
      }
    }
    return best?.district ?? null;
  }

  /**
   * A reply to "which district?": the number of an option as listed by `all()` ('3', '第三个'),
   * a district code, or text that names one.
   */
  parseAnswer(input: string): District | null {
    const reply = input
      .normalize('NFKC')
      .trim()
      .replace(/[.。!！]+$/u, '')
      .trim();
    const option = optionNumber(reply);
    if (option !== null) return this.districts[option - 1] ?? null;
    return this.get(reply.toLowerCase()) ?? this.find(reply);
  }
}

function namesOf(district: District): string[] {
  return [district.zh, district.en, district.code, ...district.aliases];
}

function matchKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** Matches the name with any spacing between its characters, as whole words at Latin edges. */
function namePattern(name: string): RegExp {
  const chars = [...matchKey(name)];
  const body = chars.map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');
  const latin = /[a-z0-9]/;
  const before = latin.test(chars[0] ?? '') ? '(?<![a-z0-9])' : '';
  const after = latin.test(chars.at(-1) ?? '') ? '(?![a-z0-9])' : '';
  return new RegExp(before + body + after, 'u');
}

const CHINESE_DIGITS = '一二三四五六七八九';

/** '3', '第3个', '第三项', '十二' -> the number; anything else -> null. */
function optionNumber(reply: string): number | null {
  const match = /^(?:第\s*)?([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*(?:个|项|号)?$/u.exec(reply);
  const numeral = match?.[1];
  if (numeral === undefined) return null;
  return /^[0-9]+$/.test(numeral) ? Number(numeral) : chineseNumber(numeral);
}

function chineseNumber(numeral: string): number | null {
  const match = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(numeral);
  if (!match) return null;
  const [, tens, ten, units] = match;
  const digit = (ch: string | undefined) => CHINESE_DIGITS.indexOf(ch ?? '') + 1;
  if (!ten) return tens && !units ? digit(tens) : null;
  return (tens ? digit(tens) : 1) * 10 + (units ? digit(units) : 0);
}
