import { z } from 'zod';
import { DeadlineSchema, EarlierDeadlineSchema } from '../tickets/deadlines';
import { LIFECYCLE_STATUSES } from '../tickets/lifecycle';
import { SupervisionNotificationSchema } from '../supervision/notification';
import { TicketLinkSchema } from '../tickets/duplicates';
import { ACTIONS, UnlinkBodySchema } from './schemas';

const ERROR = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, message: { type: 'string' } },
};

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      {
        description: ERROR_TEXT[s] ?? 'error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );

const ERROR_TEXT: Record<number, string> = {
  400:
    'INVALID_INPUT, INVALID_COMMAND, UNKNOWN_DEPARTMENT, EXTENSION_LIMIT, BAD_JSON, or ' +
    'BAD_ARGUMENT (JSON nested deeper than 64 levels)',
  401: 'UNAUTHORIZED: no token, or not a valid one',
  403: 'FORBIDDEN: this role (or this department) may not do it',
  404: 'TICKET_NOT_FOUND: unknown, or another department’s ticket',
  413: 'PAYLOAD_TOO_LARGE: a body over 256 KB',
  415: 'UNSUPPORTED_MEDIA_TYPE: a body that is not application/json, or is compressed',
  409:
    'TRANSITION_NOT_ALLOWED in the ticket’s current status, DEADLINE_PASSED (a transfer or ' +
    'extension asked too late), NOT_LINKED (unlink), or TICKET_VERSION_CONFLICT',
};

const RATINGS_SCHEMA = {
  type: 'object',
  description: 'Ratings counted; rate = (satisfied + basic) / rated, null without ratings',
  properties: {
    rated: { type: 'integer' },
    satisfied: { type: 'integer' },
    basic: { type: 'integer' },
    dissatisfied: { type: 'integer' },
    rate: { type: ['number', 'null'] },
  },
};

const ON_TIME_SCHEMA = {
  type: 'object',
  description:
    'Deadlines of this step: met on time, late (met after due or open past due), pending; ' +
    'rate = onTime / (onTime + late)',
  properties: {
    onTime: { type: 'integer' },
    late: { type: 'integer' },
    pending: { type: 'integer' },
    rate: { type: ['number', 'null'] },
  },
};

const STATS_SCHEMAS = {
  Ratings: RATINGS_SCHEMA,
  OnTime: ON_TIME_SCHEMA,
  DepartmentFigures: {
    type: 'object',
    properties: {
      department: { type: 'string' },
      received: {
        type: 'integer',
        description:
          'Tickets filed in the period that it led at some time (filed, dispatched, transferred or coordinated to it)',
      },
      accepted: { $ref: '#/components/schemas/OnTime' },
      replied: { $ref: '#/components/schemas/OnTime' },
      overdueNow: { type: 'integer', description: 'Open tickets with its deadline past due' },
      transfers: {
        type: 'object',
        properties: { asked: { type: 'integer' }, approved: { type: 'integer' } },
      },
      extensions: {
        type: 'object',
        properties: { requested: { type: 'integer' }, approved: { type: 'integer' } },
      },
      hoursToReply: {
        type: 'object',
        description:
          'Plain (clock) hours from when it got the ticket to its first reply; p90 by nearest rank',
        properties: {
          count: { type: 'integer' },
          mean: { type: ['number', 'null'] },
          p90: { type: ['number', 'null'] },
        },
      },
      satisfaction: { $ref: '#/components/schemas/Ratings' },
      enterpriseSatisfaction: { $ref: '#/components/schemas/Ratings' },
      staff: {
        type: 'array',
        description: '服务对象评分: ratings of the tickets each staff member replied to',
        items: {
          allOf: [
            { $ref: '#/components/schemas/Ratings' },
            {
              type: 'object',
              properties: { id: { type: 'string' }, name: { type: ['string', 'null'] } },
            },
          ],
        },
      },
    },
  },
  StatsReport: {
    type: 'object',
    properties: {
      from: { type: 'string', format: 'date-time' },
      to: { type: 'string', format: 'date-time' },
      at: { type: 'string', format: 'date-time' },
      tickets: {
        type: 'integer',
        description:
          'Tickets filed in the period: all of them for duty staff and supervisors, those the ' +
          'department is involved in for a department token',
      },
      departments: { type: 'array', items: { $ref: '#/components/schemas/DepartmentFigures' } },
    },
  },
};

const STATS_PATH = {
  get: {
    summary: 'Figures for assessment (考核), per department, for tickets filed in [from, to)',
    description:
      'Supervisors and duty staff: every department, or `department`. A department token: its ' +
      'own row only (403 for another). Dates are YYYY-MM-DD (midnight in the hotline’s zone) ' +
      'or ISO date-times; default: the 7 days up to now; at most 92 days.',
    parameters: [
      { name: 'from', in: 'query', schema: { type: 'string' }, example: '2026-11-23' },
      { name: 'to', in: 'query', schema: { type: 'string' }, example: '2026-11-30' },
      { name: 'department', in: 'query', schema: { type: 'string' } },
    ],
    responses: {
      '200': {
        description: 'The figures',
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/StatsReport' } },
        },
      },
      ...errors(400, 401, 403),
    },
  },
};

const VIEW = {
  description: 'The ticket and its whole history',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/TicketView' } } },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return rest;
}

/** OpenAPI 3.1 description of the departments' API, built from the same zod schemas it parses. */
export function openApiDocument(): Record<string, unknown> {
  const idParam = {
    name: 'id',
    in: 'path',
    required: true,
    schema: { type: 'string' },
    example: 'QD20261128-000123',
  };
  const actions = Object.fromEntries(
    ACTIONS.map((a) => [
      `/api/tickets/{id}/${a.action}`,
      {
        post: {
          summary: a.summary,
          description: `Roles: ${a.roles.join(', ')}.`,
          parameters: [idParam],
          requestBody: {
            required: false,
            content: { 'application/json': { schema: jsonSchema(a.body) } },
          },
          responses: { '200': VIEW, ...errors(400, 401, 403, 404, 409, 413, 415) },
        },
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: '12345 hotline: departments’ ticket API',
      version: '1',
      description:
        'Departments, hotline duty staff and supervisors work tickets here. Create a token with ' +
        '`npx hotline token create --role department --department <code>` (or --role duty | ' +
        'supervisor) and send it as `Authorization: Bearer <token>`.',
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/tickets': {
        get: {
          summary: 'Tickets, newest first, one page at a time',
          description:
            'A department token sees only tickets where its department is lead, co-department ' +
            'or first contact.',
          parameters: [
            { name: 'department', in: 'query', schema: { type: 'string' } },
            { name: 'status', in: 'query', schema: { type: 'string', enum: LIFECYCLE_STATUSES } },
            {
              name: 'as',
              in: 'query',
              description:
                'Only where the department (the token’s, or `department=`) is the `lead` (its ' +
                'inbox: `?status=dispatched&as=lead`), a `co_department` or the `first_contact`.',
              schema: { type: 'string', enum: ['lead', 'co_department', 'first_contact'] },
            },
            {
              name: 'overdue',
              in: 'query',
              description:
                '`true`: only tickets not closed with a step open past due (a department token: ' +
                'its own steps), e.g. `?overdue=true` for what must be done first.',
              schema: { type: 'string', enum: ['true', 'false'] },
            },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          ],
          responses: {
            '200': {
              description: 'One page; pass `next` back as `cursor` (null after the last page)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      tickets: { type: 'array', items: { $ref: '#/components/schemas/Ticket' } },
                      next: { type: ['string', 'null'] },
                    },
                  },
                },
              },
            },
            ...errors(400, 401, 403),
          },
        },
      },
      '/api/tickets/{id}': {
        get: {
          summary: 'One ticket with its history',
          parameters: [idParam],
          responses: { '200': VIEW, ...errors(401, 404) },
        },
      },
      ...actions,
      '/api/tickets/{id}/unlink': {
        post: {
          summary: 'Duty staff or a supervisor reject a proposed merge (并单) with `ticketId`',
          description:
            'Roles: duty, supervisor. The link goes from both tickets, with an `unlink` event ' +
            'in each history; 409 NOT_LINKED when the two are not linked.',
          parameters: [idParam],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(UnlinkBodySchema) } },
          },
          responses: { '200': VIEW, ...errors(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      '/api/stats': STATS_PATH,
      '/api/notifications': {
        get: {
          summary:
            'Supervision notifications (yellow warnings, red 督办, hotspots and 顶格协调 ' +
            'proposals, requesters’ 催办), oldest first',
          description:
            'A department token reads its own department’s; duty and supervisor tokens read ' +
            'every one, each once. `hotspot` (many linked reports) and `coordination` (a second ' +
            'dispute) go to supervisors, with `trigger` and `reports` instead of `step` and `dueAt`. ' +
            '`urge` (催办: the requester pressed for the ticket, at most once in 24 hours; `at` is ' +
            'when) goes to the lead department with the answer’s `dueAt` and no `step`; it is ' +
            '`red`, and goes to supervisors too, when the ticket is past a time limit or already ' +
            'under 督办 (to supervisors alone while no department has the ticket). ' +
            '`extension_request` and `transfer_request` (a department asked for 延期 or 退单; ' +
            '`dueAt`: when the answer, or the transfer request, is due) go to supervisors, whose ' +
            'feed duty staff read too. `reopen` (重办: the requester rated the answer 不满意 and ' +
            'the ticket went back to the lead, under 督办) and `supervise` (a supervisor’s own 督办) ' +
            'are `red`, to the lead and supervisors, with the answer’s `dueAt`. `co_task` (yellow) ' +
            'tells a department it was made co-department (协办), with the answer’s `dueAt`; ' +
            '`assigned` (yellow, `via` `transfer` or `coordinate`) that it was made lead by an ' +
            'approved transfer or by 顶格协调; `co_input` (yellow, `from` the co-department) ' +
            'tells the lead a co-department posted its input.',
          parameters: [
            {
              name: 'since',
              in: 'query',
              description: 'Only those after this moment (exclusive)',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'limit',
              in: 'query',
              description:
                'At least this many when there are; a page never ends inside one moment (`at`), ' +
                'so the next `since` loses none',
              schema: { type: 'integer', minimum: 1, maximum: 500 },
            },
          ],
          responses: {
            '200': {
              description:
                '`{notifications: [{id, type, level, ticketId, step, dueAt, department, at}]}`; ' +
                'proposals carry `trigger` and `reports` instead of `step` and `dueAt`; ' +
                'urges and requests have no `step`',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      notifications: {
                        type: 'array',
                        items: jsonSchema(SupervisionNotificationSchema),
                      },
                    },
                  },
                },
              },
            },
            ...errors(400, 401),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: ERROR,
        Ticket: {
          type: 'object',
          description: 'A ticket: status, lead, first contact, co-departments, rating, version…',
          properties: {
            id: { type: 'string' },
            status: { type: 'string', enum: LIFECYCLE_STATUSES },
            text: { type: 'string', description: 'The description the person confirmed' },
            earlierTexts: {
              type: 'array',
              items: { type: 'string' },
              description:
                'Descriptions given before the person re-described the problem, oldest first; ' +
                'absent when never re-described',
            },
            firstContactDepartment: { type: 'string' },
            leadDepartment: { type: ['string', 'null'] },
            dueAt: { type: 'string', format: 'date-time', description: 'When the answer is due' },
            urgent: { type: 'boolean' },
            deadlines: {
              type: 'array',
              description:
                'Time limits per step (accept, transfer_request, contact, feedback, reply, settle)',
              items: jsonSchema(DeadlineSchema),
            },
            earlierDeadlines: {
              type: 'array',
              description:
                'Deadlines a transfer, 顶格协调, a reopen or an extension replaced, as they stood ' +
                'then, with `replacedAt` and `replacedBy` (the step); each department keeps its ' +
                'own record in the figures. Absent until the first replanning',
              items: jsonSchema(EarlierDeadlineSchema),
            },
            pendingExtension: {
              type: ['object', 'null'],
              description: 'An extension (延期) waiting for a supervisor',
            },
            links: {
              type: 'array',
              description:
                'Proposed merges (并单): `duplicate_of` the first report of the same incident, ' +
                '`duplicated_by` each later report (the first 20); `score` is the texts’ similarity',
              items: jsonSchema(TicketLinkSchema),
            },
            duplicateReports: {
              type: 'integer',
              description:
                'Reports linked as repeating this one; `links` lists the first 20 of them. ' +
                'Absent on tickets linked before the count, whose `links` list them all',
            },
            coordinationProposal: {
              type: ['object', 'null'],
              description:
                'Proposed for 顶格协调: trigger hotspot, second_dissatisfied or second_transfer, ' +
                'and when',
            },
            version: { type: 'integer' },
          },
          additionalProperties: true,
        },
        ...STATS_SCHEMAS,
        TicketView: {
          type: 'object',
          properties: {
            ticket: { $ref: '#/components/schemas/Ticket' },
            history: {
              type: 'array',
              items: {
                type: 'object',
                description: 'Who (actor with role), what (type), when (at), why (note)',
                additionalProperties: true,
              },
            },
          },
        },
      },
    },
  };
}
