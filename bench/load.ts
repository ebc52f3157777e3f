import { Agent, request } from 'node:http';

/** Keep-alive connections, as a channel's front end keeps them; one per conversation at most. */
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One HTTP request with a JSON body (or none); the whole answer read. */
export function http(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(payload === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(payload)),
              }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The step that opens a conversation (Direct Line's token): timed, but not a turn. */
export const OPENING = 'open';

/** Records turns while the measured window is open; warm-up turns are not recorded. */
export class Recorder {
  readonly latencies: number[] = [];
  readonly byStep = new Map<string, number[]>();
  errors = 0;
  /** The first few error descriptions, to print. */
  readonly errorSamples: string[] = [];
  private measuring = false;

  open(): void {
    this.measuring = true;
  }

  close(): void {
    this.measuring = false;
  }

  /** Times `turn`, one step of a conversation; a throw or a false answer is an error. */
  async time(step: string, turn: () => Promise<void>): Promise<boolean> {
    const started = process.hrtime.bigint();
    try {
      await turn();
      if (this.measuring) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (step !== OPENING) this.latencies.push(ms);
        const list = this.byStep.get(step) ?? [];
        list.push(ms);
        this.byStep.set(step, list);
      }
      return true;
    } catch (err) {
      if (this.measuring) {
        this.errors += 1;
        if (this.errorSamples.length < 5) {
          this.errorSamples.push(err instanceof Error ? err.message : String(err));
        }
      }
      return false;
    }
  }
}

export interface Phase {
  /** Called when warm-up ends and the window opens, and when it closes. */
  onOpen?: () => Promise<void>;
  onClose?: () => Promise<void>;
  warmupMs: number;
  durationMs: number;
  /** How many conversations run at once. */
  workers: number;
  /**
   * One conversation from start to end; returns when done or stopped. Each gets a fresh number,
   * so conversations never repeat.
   */
  conversation: (n: number, recorder: Recorder, stopped: () => boolean) => Promise<void>;
}

export interface PhaseResult {
  recorder: Recorder;
  seconds: number;
}

/** Runs `workers` conversations at a time, one after another, for warm-up and then the window. */
export async function runPhase(phase: Phase): Promise<PhaseResult> {
  const recorder = new Recorder();
  let stop = false;
  let next = 0;
  const workers = Array.from({ length: phase.workers }, async () => {
    while (!stop) await phase.conversation(next++, recorder, () => stop);
  });
  await sleep(phase.warmupMs);
  await phase.onOpen?.();
  recorder.open();
  const opened = process.hrtime.bigint();
  await sleep(phase.durationMs);
  recorder.close();
  const seconds = Number(process.hrtime.bigint() - opened) / 1e9;
  stop = true;
  await phase.onClose?.();
  await Promise.all(workers);
  return { recorder, seconds };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}
