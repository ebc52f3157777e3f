import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import sinon from 'sinon';
import yauzl from 'yauzl';
import { isEnterpriseCorrection } from '../../../dialogs/enterpriseDialog';
import { matchCommand } from '../../../dialogs/choices';
import { buildTeamsPackage } from '../../../src/channels/teams/appPackage';
import {
  packageSettings,
  PLACEHOLDER_APP_ID,
  type TeamsPackageSettings,
} from '../../../src/channels/teams/manifest';
import { main } from '../../../src/channels/teams/package';
import { loadConfig } from '../../../src/config';

const APP_ID = '7f1c2a4e-3b5d-4c6e-8f90-a1b2c3d4e5f6';

/** Every entry of a zip by name, read with yauzl (not the code under test). */
async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    file.on('error', reject);
    file.on('end', resolve);
    file.on('entry', (entry: yauzl.Entry) => {
      file.openReadStream(entry, async (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(Buffer.from(chunk));
        entries.set(entry.fileName, Buffer.concat(chunks));
        file.readEntry();
      });
    });
    file.readEntry();
  });
  return entries;
}

function settings(overrides: Record<string, string> = {}): TeamsPackageSettings {
  return packageSettings(
    loadConfig({
      MicrosoftAppId: APP_ID,
      TEAMS_WEBSITE_URL: 'https://12345.qingdao.example.cn/',
      TEAMS_VALID_DOMAINS: 'bot.qingdao.example.cn, 12345.qingdao.example.cn',
      TEAMS_APP_VERSION: '1.2.3',
      ...overrides,
    }),
  );
}

interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  developer: Record<string, string>;
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  bots: { botId: string; scopes: string[] }[];
  validDomains: string[];
}

describe('Teams app package', () => {
  afterEach(() => sinon.restore());

  it('holds manifest.json and the two icons at the root of the zip', async () => {
    const { zip } = await buildTeamsPackage(settings());
    const entries = await unzip(zip);
    assert.deepEqual([...entries.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
  });

  it('describes one bot in personal, team and group chat scopes', async () => {
    const entries = await unzip((await buildTeamsPackage(settings())).zip);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest;
    const [major, minor] = manifest.manifestVersion.split('.').map(Number);
    assert.ok(major === 1 && minor! >= 17, `schema ${manifest.manifestVersion}`);
    assert.equal(
      manifest.$schema,
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    assert.equal(manifest.id, APP_ID);
    assert.equal(manifest.version, '1.2.3');
    assert.equal(manifest.bots.length, 1);
    assert.equal(manifest.bots[0]?.botId, APP_ID);
    assert.deepEqual([...manifest.bots[0]!.scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.deepEqual(manifest.validDomains, ['12345.qingdao.example.cn', 'bot.qingdao.example.cn']);
    assert.equal(manifest.developer.websiteUrl, 'https://12345.qingdao.example.cn');
    assert.equal(manifest.developer.privacyUrl, 'https://12345.qingdao.example.cn/privacy');
    assert.equal(manifest.developer.termsOfUseUrl, 'https://12345.qingdao.example.cn/terms');
    assert.ok(
      manifest.name.short.length <= 30 && manifest.name.full.length <= 100,
      'manifest.name.short.length <= 30 && manifest.name.full.length <= 100',
    );
    assert.ok(manifest.description.short.length <= 80, 'manifest.description.short.length <= 80');
    assert.match(manifest.accentColor, /^#[0-9A-F]{6}$/i);
    assert.ok(
      entries.has(manifest.icons.color) && entries.has(manifest.icons.outline),
      'entries.has(manifest.icons.color) && entries.has(manifest.icons.outline)',
    );
  });

  it('offers 我的工单 for the enterprise and 修改企业信息, which the bot takes as a command', async () => {
    const { manifest } = await buildTeamsPackage(settings());
    const commands = JSON.stringify(manifest.bots);
    assert.ok(
      commands.includes('"title":"我的工单","description":"查看本企业已反映事项的办理进度"'),
      'commands.includes(\'"title":"我的工单","description":"查看本企业已反映事项的办理进度"\')',
    );
    assert.ok(commands.includes('"title":"修改企业信息"'), commands);
    assert.equal(isEnterpriseCorrection('修改企业信息'), true);
  });

  it('offers 催办, which the bot takes as the urge command', async () => {
    const { manifest } = await buildTeamsPackage(settings());
    assert.ok(
      JSON.stringify(manifest.bots).includes('"title":"催办"'),
      'JSON.stringify(manifest.bots).includes(\'"title":"催办"\')',
    );
    assert.equal(matchCommand('催办'), 'urge');
  });

  it('has a 192x192 colour icon and a 32x32 outline icon, white on transparent', async () => {
    const entries = await unzip((await buildTeamsPackage(settings())).zip);
    const color = PNG.sync.read(entries.get('color.png')!);
    assert.deepEqual([color.width, color.height], [192, 192]);
    const outline = PNG.sync.read(entries.get('outline.png')!);
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    let opaque = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      assert.ok(a === 0 || (r === 255 && g === 255 && b === 255), `pixel ${i / 4} is not white`);
      if (a === 255) opaque += 1;
    }
    assert.ok(opaque > 50, 'the outline is drawn');
    assert.equal(outline.data[3], 0, 'the background is transparent');
  });

  it('uses a placeholder id, with a warning, when MicrosoftAppId is not set', async () => {
    const built = await buildTeamsPackage(settings({ MicrosoftAppId: '' }));
    assert.equal(built.manifest.id, PLACEHOLDER_APP_ID);
    assert.ok(
      built.warnings.some((w) => w.includes('MicrosoftAppId')),
      "built.warnings.some((w) => w.includes('MicrosoftAppId'))",
    );
  });

  it('refuses a MicrosoftAppId that is not a GUID', async () => {
    await assert.rejects(buildTeamsPackage(settings({ MicrosoftAppId: 'my-bot' })), /GUID/);
  });

  it('gives the same bytes for the same configuration', async () => {
    const a = await buildTeamsPackage(settings());
    const b = await buildTeamsPackage(settings());
    assert.ok(a.zip.equals(b.zip), 'a.zip.equals(b.zip)');
  });

  it('is written to dist/teams/hotline-teams.zip by npm run teams:package', async () => {
    const stdout = sinon.stub(process.stdout, 'write').returns(true);
    const stderr = sinon.stub(process.stderr, 'write').returns(true);
    const out = await main({ TEAMS_WEBSITE_URL: 'https://12345.qingdao.example.cn' });
    sinon.restore();
    assert.match(out, /dist[/\\]teams[/\\]hotline-teams\.zip$/);
    assert.match(String(stdout.firstCall.args[0]), /hotline-teams\.zip/);
    assert.match(String(stderr.firstCall.args[0]), /warning: MicrosoftAppId is not set/);
    const entries = await unzip(await readFile(out));
    assert.equal(entries.size, 3);
  });
});
