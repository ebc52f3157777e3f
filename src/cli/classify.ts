import { loadClassifier } from '../nlu';
import type { Command } from './command';
import { parseArgs } from './command';
import { answerLine, LineSplitter } from './lines';

export const classifyCommand: Command = {
  name: 'classify',
  summary:
    'classify requests from stdin, one per line (text or JSON lines with "text"), one JSON line out each',
  usage: 'classify [--model FILE]',
  async run(args) {
    const parsed = parseArgs(args, ['model']);
    const classifier = loadClassifier(parsed.options.get('model'));
    const stdout = process.stdout;
    const stdin = process.stdin;
    let closed = false;
    stdout.on('error', (err: NodeJS.ErrnoException) => {
      // The reader went away (`| head`): stop quietly, like any well-behaved filter.
      if (err.code === 'EPIPE') {
        closed = true;
        stdin.destroy();
        return;
      }
      throw err;
    });
    const write = (line: Buffer, overflow: boolean): void => {
      if (closed) return;
      if (!stdout.write(`${JSON.stringify(answerLine(line, classifier, overflow))}\n`)) {
        stdin.pause();
        stdout.once('drain', () => stdin.resume());
      }
    };
    const splitter = new LineSplitter(write);
    await new Promise<void>((resolve, reject) => {
      stdin.on('data', (chunk: Buffer) => splitter.push(chunk));
      stdin.on('end', () => {
        splitter.end();
        resolve();
      });
      stdin.on('close', resolve);
      stdin.on('error', reject);
    });
    return 0;
  },
};
