import { Command, CommandHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { ICommandHandler, IQueryHandler } from '@nestjs/cqrs';
import {
  ChangeAffiliate,
  Directory,
  PortalAccess,
  RegisterAffiliate,
  type AffiliateChanges,
  type RegisterAffiliateRequest,
} from '@threadtrak/application';
import { badInput } from '../http/validation';
import { AFFILIATE_ID, notFound } from './not-found';
import { publicAffiliate, type PublicAffiliate } from './public-affiliate';

type Invite = Awaited<ReturnType<PortalAccess['issueInvite']>>;
type Registered = Awaited<ReturnType<RegisterAffiliate['execute']>> & { inviteUrl: string };

/** `POST /v1/admin/affiliates`: the affiliate, their first API key (shown once) and an invite URL. */
export class RegisterAffiliateCommand extends Command<Registered> {
  constructor(
    readonly request: RegisterAffiliateRequest,
    readonly actor: string,
  ) {
    super();
  }
}

/** `PATCH /v1/admin/affiliates/{id}`: scope, rate, status and promotion codes. */
export class ChangeAffiliateCommand extends Command<PublicAffiliate> {
  constructor(
    readonly affiliateId: string,
    readonly changes: AffiliateChanges,
    readonly actor: string,
  ) {
    super();
  }
}

/** `POST /v1/admin/affiliates/{id}/invite`: a new invite URL; the previous one stops working. */
export class IssueInviteCommand extends Command<Invite> {
  constructor(
    readonly affiliateId: string,
    readonly actor: string,
  ) {
    super();
  }
}

/** `GET /v1/admin/affiliates`. */
export class AffiliatesQuery extends Query<PublicAffiliate[]> {}

@CommandHandler(RegisterAffiliateCommand)
export class RegisterAffiliateHandler implements ICommandHandler<RegisterAffiliateCommand> {
  constructor(
    private readonly registerAffiliate: RegisterAffiliate,
    private readonly portalAccess: PortalAccess,
  ) {}

  async execute({ request, actor }: RegisterAffiliateCommand): Promise<Registered> {
    const registered = await this.registerAffiliate.execute(request, actor);
    const { inviteUrl } = await this.portalAccess.issueInvite(registered.affiliateId, actor);
    return { ...registered, inviteUrl };
  }
}

@CommandHandler(ChangeAffiliateCommand)
export class ChangeAffiliateHandler implements ICommandHandler<ChangeAffiliateCommand> {
  constructor(private readonly changeAffiliate: ChangeAffiliate) {}

  async execute({ affiliateId, changes, actor }: ChangeAffiliateCommand): Promise<PublicAffiliate> {
    if (!AFFILIATE_ID.test(affiliateId)) throw notFound('affiliate');
    if (Object.values(changes).every((value) => value === undefined))
      throw badInput('nothing to change', []);
    return publicAffiliate(await this.changeAffiliate.execute(affiliateId, changes, actor));
  }
}

@CommandHandler(IssueInviteCommand)
export class IssueInviteHandler implements ICommandHandler<IssueInviteCommand> {
  constructor(
    private readonly portalAccess: PortalAccess,
    private readonly directory: Directory,
  ) {}

  execute({ affiliateId, actor }: IssueInviteCommand): Promise<Invite> {
    if (!AFFILIATE_ID.test(affiliateId) || !this.directory.affiliate(affiliateId))
      throw notFound('affiliate');
    return this.portalAccess.issueInvite(affiliateId, actor);
  }
}

@QueryHandler(AffiliatesQuery)
export class AffiliatesHandler implements IQueryHandler<AffiliatesQuery> {
  constructor(private readonly directory: Directory) {}

  execute(): Promise<PublicAffiliate[]> {
    return Promise.resolve(this.directory.allAffiliates().map(publicAffiliate));
  }
}
