/**
 * Remembers which inbound activities were taken in, so a channel's re-send (Teams re-sends when a
 * bot is slow to answer) is acknowledged and ignored instead of running the dialogs twice.
 */
export interface ActivityDedupe {
  /** true the first time `key` is claimed within the retention window, false for a re-send. */
  claim(key: string): Promise<boolean>;
  /** Forgets `key`, so a re-send of a turn that failed gets another chance. */
  release(key: string): Promise<void>;
}
