import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { loadConfig } from '../../config';
import { projectRoot } from '../../core/paths';
import { buildTeamsPackage } from './appPackage';
import { packageSettings } from './manifest';

/**
 * `npm run teams:package`: builds dist/teams/hotline-teams.zip from the same configuration the
 * bot runs with (.env, then the environment), ready to upload in Teams admin center.
 */
export async function main(env: Record<string, string | undefined>): Promise<string> {
  const root = projectRoot(__dirname);
  const config = loadConfig(env);
  const built = await buildTeamsPackage(packageSettings(config));
  const out = join(root, 'dist', 'teams', 'hotline-teams.zip');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, built.zip);
  for (const warning of built.warnings) process.stderr.write(`warning: ${warning}\n`);
  process.stdout.write(`Teams app package written to ${relative(process.cwd(), out)}\n`);
  return out;
}

if (require.main === module) {
  const envFile = join(projectRoot(__dirname), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  main(process.env).catch((err: unknown) => {
    process.stderr.write(`teams:package failed: ${err instanceof Error ? err.message : err}\n`);
    process.exitCode = 1;
  });
}
