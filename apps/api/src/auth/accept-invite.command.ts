import { NotFoundException } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Directory, PortalAccess } from '@threadtrak/application';

type Invite = Awaited<ReturnType<PortalAccess['issueInvite']>>;

/** A new invite URL for an affiliate; the previous one stops working. */
export class IssueInviteCommand extends Command<Invite> {
  constructor(
    readonly affiliateId: string,
    readonly actor: string,
  ) {
    super();
  }
}

/** The set-password form of `/portal/invite/{token}`: one use, within 7 days. */
export class AcceptInviteCommand extends Command<{ affiliateId: string }> {
  constructor(
    readonly token: string,
    readonly password: string,
  ) {
    super();
  }
}

@CommandHandler(IssueInviteCommand)
export class IssueInviteHandler implements ICommandHandler<IssueInviteCommand> {
  constructor(
    private readonly portalAccess: PortalAccess,
    private readonly directory: Directory,
  ) {}

  execute({ affiliateId, actor }: IssueInviteCommand): Promise<Invite> {
    if (!/^aff_[a-z0-9]{16}$/.test(affiliateId) || !this.directory.affiliate(affiliateId)) {
      throw new NotFoundException({ error: { code: 'not_found', message: 'no such affiliate' } });
    }
    return this.portalAccess.issueInvite(affiliateId, actor);
  }
}

@CommandHandler(AcceptInviteCommand)
export class AcceptInviteHandler implements ICommandHandler<AcceptInviteCommand> {
  constructor(private readonly portalAccess: PortalAccess) {}

  execute({ token, password }: AcceptInviteCommand) {
    return this.portalAccess.acceptInvite(token, password);
  }
}
