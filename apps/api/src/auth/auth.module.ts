import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { LoginHandler, LogoutHandler, SessionHandler } from './auth.commands';
import { AcceptInviteHandler } from './accept-invite.command';

@Module({
  controllers: [AuthController],
  providers: [LoginHandler, LogoutHandler, SessionHandler, AcceptInviteHandler],
})
export class AuthModule {}
