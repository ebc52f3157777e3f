import type { Config } from '../../config';
import { ACCENT } from './icons';

export const MANIFEST_VERSION = '1.19';
export const COLOR_ICON = 'color.png';
export const OUTLINE_ICON = 'outline.png';
/** Stands in for MicrosoftAppId when none is configured; Teams refuses such a package. */
export const PLACEHOLDER_APP_ID = '00000000-0000-0000-0000-000000000000';
const PLACEHOLDER_WEBSITE = 'https://www.example.gov.cn/12345';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeamsPackageSettings {
  appId: string;
  version: string;
  name: string;
  developerName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
  validDomains: string[];
}

export function packageSettings(config: Config): TeamsPackageSettings {
  const website = config.TEAMS_WEBSITE_URL.replace(/\/+$/, '');
  return {
    appId: config.MicrosoftAppId,
    version: config.TEAMS_APP_VERSION,
    name: config.TEAMS_APP_NAME,
    developerName: config.TEAMS_DEVELOPER_NAME,
    websiteUrl: website,
    privacyUrl: config.TEAMS_PRIVACY_URL ?? `${website}/privacy`,
    termsUrl: config.TEAMS_TERMS_URL ?? `${website}/terms`,
    validDomains: config.TEAMS_VALID_DOMAINS,
  };
}

const SCOPES = ['personal', 'team', 'groupChat'] as const;

/** What people can send; Teams lists these under the compose box. */
const COMMANDS = [
  { title: '帮助', description: '能办什么、怎么用' },
  // Own tickets and those colleagues of the same tenant filed for the enterprise (dialogs/status.ts).
  { title: '我的工单', description: '查看本企业已反映事项的办理进度' },
  { title: '催办', description: '催促承办单位办理自己最近的未办结工单' },
  { title: '修改企业信息', description: '更正本企业名称或统一社会信用代码' },
  { title: '人工', description: '转值班人员' },
];

export interface BuiltManifest {
  manifest: Record<string, unknown>;
  /** Things that make the package unfit for upload, said once when it is built. */
  warnings: string[];
}

/** The app manifest (schema 1.19): one bot in 1:1 chats, group chats and team channels. */
export function buildManifest(settings: TeamsPackageSettings): BuiltManifest {
  const warnings: string[] = [];
  let appId = settings.appId;
  if (appId === '') {
    warnings.push(
      `MicrosoftAppId is not set: the package uses the placeholder id ${PLACEHOLDER_APP_ID}. ` +
        'Set MicrosoftAppId to the Azure Bot registration before uploading it to Teams.',
    );
    appId = PLACEHOLDER_APP_ID;
  } else if (!GUID.test(appId)) {
    throw new Error(`MicrosoftAppId must be a GUID for a Teams package (got "${appId}")`);
  }
  if (settings.websiteUrl === PLACEHOLDER_WEBSITE) {
    warnings.push('TEAMS_WEBSITE_URL is the example placeholder: set the hotline office site.');
  }
  const websiteHost = new URL(settings.websiteUrl).host;
  const manifest = {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: settings.version,
    id: appId,
    localizationInfo: { defaultLanguageTag: 'zh-cn' },
    developer: {
      name: settings.developerName,
      websiteUrl: settings.websiteUrl,
      privacyUrl: settings.privacyUrl,
      termsOfUseUrl: settings.termsUrl,
    },
    name: { short: settings.name, full: `${settings.developerName}智能助手` },
    description: {
      short: '企业诉求受理：投诉、咨询、求助，查询工单进度，随时转人工。',
      full:
        '12345政务服务便民热线的企业服务助手。直接描述遇到的问题，助手确定首接负责单位并登记工单，' +
        '由该单位负责到底；可随时查询工单进度或转值班人员。企业名称和统一社会信用代码只需提供一次，' +
        '同一组织的同事无需重复填写。在群聊和团队频道中，请 @ 助手后再描述问题。紧急情况请拨打 110、119、120。' +
        '\n\nThe 12345 government service hotline for enterprises: describe a problem and the ' +
        'assistant files it with the responsible department, shows progress and hands over to ' +
        'duty staff on request. In group chats and channels, @mention it.',
    },
    icons: { color: COLOR_ICON, outline: OUTLINE_ICON },
    accentColor: ACCENT.hex,
    bots: [
      {
        botId: appId,
        scopes: [...SCOPES],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes: [...SCOPES], commands: COMMANDS }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [...new Set([websiteHost, ...settings.validDomains])],
  };
  return { manifest, warnings };
}
