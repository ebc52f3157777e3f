import { ALERT_INDEX_INCLUDE } from './includes/alertIndex';

/**
 * indexAlerts: keeps one ticket's alerts in its bucket's supervision index after the ticket was
 * written (dropped keys leave; owed keys join pending unless raised or claimed). Idempotent:
 * running it again with the same arguments changes nothing.
 *
 * KEYS[1] alerts pending  KEYS[2] alerts claimed  KEYS[3] alerts raised (one slot:
 * `{alerts:<bucket>}`)
 * ARGV as indexAlerts reads them from ARGV[1]: d, d dropped keys, m, m key/score pairs.
 * Returns 1.
 */
export const INDEX_ALERTS = `${ALERT_INDEX_INCLUDE}
indexAlerts(KEYS[1], KEYS[2], KEYS[3], ARGV, 1)
return 1
`;
