import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { RequesterProfile } from '../../../dialogs/session';
import type { Logger } from '../../log';
import { teamsIdentity } from './activity';
import type { TenantDirectory, TenantRecord } from './tenantDirectory';

/** What to do once the dialogs have run. */
export interface EnterpriseTurn {
  finish(): Promise<void>;
}

const NOTHING_TO_DO: EnterpriseTurn = { finish: async () => undefined };

/**
 * Someone writing from Teams writes for an enterprise: the intake does not ask "citizen or
 * enterprise?", and what one colleague told the bot about the enterprise (name, credit code) is
 * kept per tenant so the next colleague is not asked again. The dialogs only see a prefilled
 * RequesterProfile; this runs in the bot layer around them.
 */
export class TeamsEnterpriseIdentity {
  constructor(
    private readonly tenants: TenantDirectory,
    private readonly profile: StatePropertyAccessor<RequesterProfile>,
    private readonly logger: Logger,
  ) {}

  /** Before the dialogs: prefills the person's profile from Teams and the tenant's record. */
  async begin(ctx: TurnContext): Promise<EnterpriseTurn> {
    const identity = teamsIdentity(ctx.activity);
    if (identity === null) return NOTHING_TO_DO;
    const profile = await this.profile.get(ctx, {});
    profile.requesterType = 'enterprise';
    const tenantId = identity.tenantId;
    if (tenantId === null) return NOTHING_TO_DO;

    // Details shared with this tenant follow its record, which a colleague may have corrected
    // since ("修改企业信息"); details the person gave for another enterprise stay theirs.
    const known = (await this.tenants.get(tenantId)) ?? {};
    const shared = profile.enterpriseTenantId === tenantId;
    if (!shared && writesForAnother(profile, known)) {
      return NOTHING_TO_DO;
    }
    if (known.enterpriseName !== undefined && (shared || profile.enterpriseName === undefined)) {
      profile.enterpriseName = known.enterpriseName;
      profile.enterpriseTenantId = tenantId;
    }
    if (known.creditCode !== undefined && (shared || profile.creditCode === undefined)) {
      profile.creditCode = known.creditCode;
      profile.enterpriseTenantId = tenantId;
    }
    return { finish: () => this.remember(ctx, tenantId, known) };
  }

  /** After the dialogs: what the person told the bot and the tenant lacks goes to the tenant. */
  private async remember(ctx: TurnContext, tenantId: string, known: TenantRecord): Promise<void> {
    const profile = await this.profile.get(ctx, {});
    if (writesForAnother(profile, known)) return;
    const learned: TenantRecord = {};
    if (known.enterpriseName === undefined && profile.enterpriseName !== undefined) {
      learned.enterpriseName = profile.enterpriseName;
    }
    if (known.creditCode === undefined && profile.creditCode !== undefined) {
      learned.creditCode = profile.creditCode;
    }
    if (Object.keys(learned).length === 0) return;
    await this.tenants.remember(tenantId, learned);
    profile.enterpriseTenantId = tenantId;
    this.logger.info({ tenantId, fields: Object.keys(learned) }, 'tenant enterprise details kept');
  }
}

/**
 * The person named a company other than the tenant's (two may share one tenant): they neither
 * take the tenant's details, one company's credit code not being the other's, nor give theirs.
 */
function writesForAnother(profile: RequesterProfile, known: TenantRecord): boolean {
  return (
    known.enterpriseName !== undefined &&
    profile.enterpriseName !== undefined &&
    profile.enterpriseName !== known.enterpriseName
  );
}
