import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { LoginHandler, LogoutHandler, SessionHandler } from './auth.commands';
import { AcceptInviteHandler, IssueInviteHandler } from './invite.commands';
import { InviteController } from './invite.controller';

@Module({
  controllers: [AuthController, InviteController],
  providers: [LoginHandler, LogoutHandler, SessionHandler, IssueInviteHandler, AcceptInviteHandler],
})
export class AuthModule {}
