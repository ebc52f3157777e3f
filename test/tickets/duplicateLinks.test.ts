import { memoryInstances, redisInstances } from '../support/ticketInstances';
import { duplicatesContract } from './duplicateLinks.contract';

const LIMITS = { cap: 500, ttlSeconds: 3600 * 24 * 400 };

duplicatesContract('memory', () =>
  memoryInstances(LIMITS, { now: () => new Date('2026-11-30T01:00:00.000Z') }),
);
duplicatesContract('redis', () => redisInstances(LIMITS));
