import { NotFoundException } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  Query,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { ApiKeys, type IssuedApiKey } from '@threadtrak/application';

/** A new key beside the working ones (rotation without downtime); the key is shown only in this answer. */
export class IssueApiKeyCommand extends Command<IssuedApiKey> {
  constructor(readonly affiliateId: string) {
    super();
  }
}

/** Revoking the key in use is allowed: the next request with it is a 401. */
export class RevokeApiKeyCommand extends Command<void> {
  constructor(
    readonly affiliateId: string,
    readonly keyId: string,
  ) {
    super();
  }
}

/** Ids and creation dates of the working keys; never a secret. */
export class ApiKeysQuery extends Query<{ keyId: string; createdAt: string }[]> {
  constructor(readonly affiliateId: string) {
    super();
  }
}

@CommandHandler(IssueApiKeyCommand)
export class IssueApiKeyHandler implements ICommandHandler<IssueApiKeyCommand> {
  constructor(private readonly apiKeys: ApiKeys) {}

  execute({ affiliateId }: IssueApiKeyCommand) {
    return this.apiKeys.issue(affiliateId, `affiliate:${affiliateId}`);
  }
}

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(private readonly apiKeys: ApiKeys) {}

  async execute({ affiliateId, keyId }: RevokeApiKeyCommand) {
    if (!/^key_[a-z0-9_]{1,64}$/.test(keyId))
      throw new NotFoundException({
        error: { code: 'api_key_not_found', message: `no working key ${keyId}` },
      });
    await this.apiKeys.revoke(affiliateId, keyId, `affiliate:${affiliateId}`);
  }
}

@QueryHandler(ApiKeysQuery)
export class ApiKeysHandler implements IQueryHandler<ApiKeysQuery> {
  constructor(private readonly apiKeys: ApiKeys) {}

  execute({ affiliateId }: ApiKeysQuery) {
    return this.apiKeys.list(affiliateId);
  }
}
