import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PortalAccess } from '@threadtrak/application';

/** The set-password form of `/portal/invite/{token}`: one use, within 7 days. */
export class AcceptInviteCommand extends Command<{ affiliateId: string }> {
  constructor(
    readonly token: string,
    readonly password: string,
  ) {
    super();
  }
}

@CommandHandler(AcceptInviteCommand)
export class AcceptInviteHandler implements ICommandHandler<AcceptInviteCommand> {
  constructor(private readonly portalAccess: PortalAccess) {}

  execute({ token, password }: AcceptInviteCommand) {
    return this.portalAccess.acceptInvite(token, password);
  }
}
