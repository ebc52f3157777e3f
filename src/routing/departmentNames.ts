import type { Lang } from '../nlu/types';
import type { Department } from './catalogue';

/** Where a department's names are looked up: the catalogue (intents/departments.yaml). */
export interface DepartmentLookup {
  get(code: string): Department | undefined;
}

/**
 * Every way a department's name is shown, in one place. A code the catalogue does not know (a
 * department removed since the ticket was filed) is shown as the code itself.
 */
export class DepartmentNames {
  constructor(private readonly departments: DepartmentLookup) {}

  /** In the reply language: lists, notices, the ticket's history, the picker's buttons. */
  name(code: string, lang: Lang): string {
    return this.departments.get(code)?.[lang] ?? code;
  }

  /**
   * The name the person is told their ticket went to; in English with the Chinese name too,
   * which is what the department answers the phone with.
   */
  withChinese(code: string, lang: Lang): string {
    const d = this.departments.get(code);
    if (d === undefined) return code;
    return lang === 'zh' ? d.zh : `${d.en} (${d.zh})`;
  }

  /** Both names, as the summary card shows them whatever the reply language. */
  bilingual(code: string): string {
    const d = this.departments.get(code);
    return `${d?.zh ?? code} / ${d?.en ?? code}`;
  }

  /** Both names, as an answer naming the department may use either. */
  synonyms(code: string): string[] {
    const d = this.departments.get(code);
    return [d?.zh ?? code, d?.en ?? code];
  }

  /** The lead department of a ticket, or that none is assigned yet (waiting for duty staff). */
  lead(code: string | null, lang: Lang): string {
    if (code === null) return lang === 'zh' ? '待热线值班分派' : 'to be assigned by hotline staff';
    return this.name(code, lang);
  }
}
