import { ZipFile } from 'yazl';
import { colorIcon, outlineIcon } from './icons';
import { buildManifest, COLOR_ICON, OUTLINE_ICON, type TeamsPackageSettings } from './manifest';

/** A fixed time stamp on every entry: the same settings give the same bytes. */
const ENTRY_TIME = new Date('2026-01-01T00:00:00Z');

export interface TeamsPackage {
  zip: Buffer;
  manifest: Record<string, unknown>;
  warnings: string[];
}

/**
 * The Teams app package: manifest.json and the two icons at the root of the zip (Teams rejects a
 * package whose files sit in a folder).
 */
export async function buildTeamsPackage(settings: TeamsPackageSettings): Promise<TeamsPackage> {
  const { manifest, warnings } = buildManifest(settings);
  const zip = new ZipFile();
  const entries: [string, Buffer][] = [
    ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8')],
    [COLOR_ICON, colorIcon()],
    [OUTLINE_ICON, outlineIcon()],
  ];
  for (const [name, data] of entries) zip.addBuffer(data, name, { mtime: ENTRY_TIME });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  }
  return { zip: Buffer.concat(chunks), manifest, warnings };
}
