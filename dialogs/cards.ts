import { CardFactory, type Attachment } from 'botbuilder';
import { escapeMarkup } from '../src/core/markup';
import type { Lang } from '../src/nlu/types';
import { maskPhone } from '../src/validation/phone';
import { categoryLabel, messages } from './messages';

export interface SummaryFacts {
  lang: Lang;
  /** The department's names as shown (DepartmentNames.bilingual). */
  department: string;
  category: Parameters<typeof categoryLabel>[1];
  district: string | null;
  place: string | null;
  text: string;
  requesterType: 'citizen' | 'enterprise';
  enterpriseName?: string;
  creditCode?: string | null;
  phone?: string | null;
  /** Shown once asked (null: not given) or vouched for by the channel. */
  name?: string | null;
}

/**
 * The summary the person confirms before a ticket is filed. TextBlocks are Markdown, so every
 * value (what the person typed, and the masked phone's asterisks) is escaped. An Adaptive Card 1.4 (what Web Chat
 * and Teams both render); the confirm / correct choices travel as suggested actions beside it.
 */
export function summaryCard(f: SummaryFacts): Attachment {
  const m = messages(f.lang);
  const none = m.fields.none;
  const facts = [
    { title: m.fields.department, value: f.department },
    { title: m.fields.category, value: categoryLabel(f.lang, f.category) },
    { title: m.fields.district, value: f.district ?? none },
    { title: m.fields.place, value: f.place ?? none },
    {
      title: m.fields.requester,
      value: f.requesterType === 'enterprise' ? m.enterprise : m.citizen,
    },
    ...(f.requesterType === 'enterprise'
      ? [
          { title: m.fields.enterprise, value: f.enterpriseName ?? none },
          { title: m.fields.creditCode, value: f.creditCode ?? none },
        ]
      : []),
    { title: m.fields.phone, value: f.phone ? maskPhone(f.phone) : none },
    ...(f.name !== undefined ? [{ title: m.fields.name, value: f.name ?? none }] : []),
  ];
  // One two-column row per fact, with a fixed title width: a FactSet squeezes its titles to a
  // character per line on a phone once a value is long.
  const titleWidth = f.lang === 'zh' ? '72px' : '104px';
  const rows = facts.map(({ title, value }) => ({
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: titleWidth,
        items: [{ type: 'TextBlock', text: title, weight: 'Bolder', wrap: true }],
      },
      {
        type: 'Column',
        width: 'stretch',
        items: [{ type: 'TextBlock', text: escapeMarkup(value), wrap: true }],
      },
    ],
  }));
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: m.summaryTitle, weight: 'Bolder', size: 'Medium', wrap: true },
      ...rows,
      { type: 'TextBlock', text: m.fields.text, weight: 'Bolder', spacing: 'Medium' },
      { type: 'TextBlock', text: escapeMarkup(f.text), wrap: true, isSubtle: true },
    ],
  });
}
