import { CATEGORIES, type Category } from '../nlu/types';
import type { Ticket } from '../tickets/ticket';

/**
 * The public view of tickets in Open311 GeoReport v2 form (https://wiki.open311.org/GeoReport_v2):
 * what civic tools may read without anyone's consent. By default the category, the department,
 * the district, the status and the dates only: never a name, phone, credit code, the text of the
 * request, the street address or the conversation.
 */
export interface Open311Service {
  service_code: Category;
  service_name: string;
  description: string;
  metadata: false;
  type: 'blackbox';
  keywords: string;
  group: string;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  service_name: string;
  service_code: Category;
  agency_responsible: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  /** The district's name only, never the street or the place. */
  address: string | null;
}

export interface Names {
  /** A department's public name; null for a ticket no department leads yet. */
  department(code: string | null): string;
  district(code: string | null): string | null;
}

const SERVICES: Record<Category, { name: string; description: string; keywords: string }> = {
  consult: {
    name: '咨询 Question',
    description: '政策咨询 Questions about rules and services',
    keywords: 'consult,question',
  },
  complaint: {
    name: '投诉 Complaint',
    description: '对单位或服务的投诉 Complaints about a business or a service',
    keywords: 'complaint',
  },
  report: {
    name: '举报/反映 Report',
    description: '问题反映与举报 Reports of a problem or a violation',
    keywords: 'report',
  },
  help: {
    name: '求助 Request for help',
    description: '生活求助 Requests for help',
    keywords: 'help',
  },
  suggestion: {
    name: '建议 Suggestion',
    description: '意见建议 Suggestions to the city',
    keywords: 'suggestion',
  },
  praise: {
    name: '表扬 Praise',
    description: '表扬 Praise for a department or a person',
    keywords: 'praise',
  },
};

export function open311Services(): Open311Service[] {
  return CATEGORIES.map((code) => ({
    service_code: code,
    service_name: SERVICES[code].name,
    description: SERVICES[code].description,
    metadata: false,
    type: 'blackbox',
    keywords: SERVICES[code].keywords,
    group: '12345',
  }));
}

export function open311Request(ticket: Ticket, names: Names): Open311Request {
  const reply = ticket.deadlines.find((d) => d.step === 'reply');
  return {
    service_request_id: ticket.id,
    status: ticket.status === 'closed' ? 'closed' : 'open',
    service_name: SERVICES[ticket.category].name,
    service_code: ticket.category,
    agency_responsible: names.department(ticket.leadDepartment),
    requested_datetime: ticket.createdAt,
    updated_datetime: ticket.updatedAt,
    expected_datetime: reply?.dueAt ?? ticket.dueAt,
    address: names.district(ticket.district),
  };
}
