import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';

/**
 * 8 December 2026, an operator's walk: SIGTERM to `npm start` (what a container runtime or a
 * service manager sends its main process) ended npm and the shell npm runs the script in, and
 * left the server orphaned, still serving, never draining, its port held. The script `exec`s
 * node, so the shell is the server and the signal npm passes on reaches it.
 */
describe('the start script (package.json "start")', function () {
  this.timeout(20_000);

  it('hands SIGTERM sent to its shell to the server process', async () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    const dir = mkdtempSync(join(tmpdir(), 'start-script-'));
    let cleanUp = () => {};
    try {
      // The same command line, with a stand-in for the server that says when SIGTERM reaches it.
      const server = join(dir, 'server.js');
      writeFileSync(
        server,
        "process.on('SIGTERM', () => { console.log('server got SIGTERM'); process.exit(0); });\n" +
          "console.log('listening'); setInterval(() => {}, 1000);\n",
      );
      assert.match(pkg.scripts.start, /dist\/src\/index\.js$/);
      const command = pkg.scripts.start.replace('dist/src/index.js', JSON.stringify(server));
      // Its own process group, so that whatever the signal leaves running is ended below.
      const shell = spawn('sh', ['-c', command], {
        stdio: ['ignore', 'pipe', 'inherit'],
        detached: true,
      });
      cleanUp = () => {
        try {
          if (shell.pid !== undefined) process.kill(-shell.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      let out = '';
      shell.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const until = Date.now() + 10_000;
      while (!out.includes('listening') && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const exited = new Promise<number | null>((r) => shell.on('exit', (c) => r(c)));
      shell.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise((r) => setTimeout(r, 5000, 'hung'))]);
      await new Promise((r) => setTimeout(r, 200));
      assert.match(out, /server got SIGTERM/);
      assert.equal(code, 0);
    } finally {
      cleanUp();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
