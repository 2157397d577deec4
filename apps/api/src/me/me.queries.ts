import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AppConfig, Clock } from '@threadtrak/application';
import type { AffiliateState } from '@threadtrak/ledger';
import {
  buildLinks,
  linkFor,
  parseLinkQuery,
  parseQrOptions,
  QrTooSmallError,
  renderQr,
  type AffiliateLinks,
  type QrImage,
} from '@threadtrak/links';
import {
  DashboardQueries,
  type CommissionView,
  type Dashboard,
  type Page,
} from '@threadtrak/read-models';
import { APP_CONFIG, CLOCK } from '@threadtrak/wiring';
import { publicAffiliate } from '../admin/public-affiliate';
import { dashboardRange, positiveInt } from '../http/query-params';
import { badInput } from '../http/validation';

type Params = Record<string, unknown>;
type Profile = Omit<ReturnType<typeof publicAffiliate>, 'email' | 'status'>;

/** `GET /v1/me`: the affiliate as they see themselves (account details masked). */
export class ProfileQuery extends Query<Profile> {
  constructor(readonly affiliate: AffiliateState) {
    super();
  }
}

/** `GET /v1/me/links?productId&campaign`. */
export class LinksQuery extends Query<AffiliateLinks> {
  constructor(
    readonly affiliate: AffiliateState,
    readonly params: Params,
  ) {
    super();
  }
}

/** `GET /v1/me/qr`: the QR image of one link, and the URL it decodes to. */
export class QrQuery extends Query<{ url: string; image: QrImage }> {
  constructor(
    readonly affiliate: AffiliateState,
    readonly params: Params,
  ) {
    super();
  }
}

/** Clicks, sales and balances of the affiliate's own links; `from`/`to` default to the last 30 UTC days. */
export class DashboardQuery extends Query<Dashboard> {
  constructor(
    readonly affiliateId: string,
    readonly params: Params,
  ) {
    super();
  }
}

/** `GET /v1/me/commissions?status&limit&cursor`. */
export class CommissionsQuery extends Query<Page<CommissionView>> {
  constructor(
    readonly affiliateId: string,
    readonly params: Params,
  ) {
    super();
  }
}

const stripUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

@QueryHandler(ProfileQuery)
export class ProfileHandler implements IQueryHandler<ProfileQuery> {
  execute({ affiliate }: ProfileQuery): Promise<Profile> {
    const { email: _email, status: _status, ...shown } = publicAffiliate(affiliate);
    return Promise.resolve(shown);
  }
}

@QueryHandler(LinksQuery)
export class LinksHandler implements IQueryHandler<LinksQuery> {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  execute({ affiliate, params }: LinksQuery): Promise<AffiliateLinks> {
    const parsed = parseLinkQuery({ ...params, type: 'canonical' });
    if (!parsed.ok) throw badInput(parsed.errors.join('; '), parsed.errors);
    return Promise.resolve(
      buildLinks({
        publicBaseUrl: this.config.publicBaseUrl,
        refCode: affiliate.refCode,
        ...stripUndefined(parsed.value),
      }),
    );
  }
}

@QueryHandler(QrQuery)
export class QrHandler implements IQueryHandler<QrQuery> {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async execute({ affiliate, params }: QrQuery) {
    const link = parseLinkQuery(params);
    const options = parseQrOptions(params);
    const errors = [...(link.ok ? [] : link.errors), ...(options.ok ? [] : options.errors)];
    if (!link.ok || !options.ok) throw badInput(errors.join('; '), errors);
    const url = linkFor(link.value.kind, {
      publicBaseUrl: this.config.publicBaseUrl,
      refCode: affiliate.refCode,
      ...stripUndefined(link.value),
    });
    try {
      return { url, image: await renderQr(url, options.value) };
    } catch (error) {
      if (error instanceof QrTooSmallError)
        throw badInput(error.message, [{ field: 'size', problems: [`at least ${error.minSize}`] }]);
      throw error;
    }
  }
}

@QueryHandler(DashboardQuery)
export class DashboardHandler implements IQueryHandler<DashboardQuery> {
  constructor(
    private readonly queries: DashboardQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ affiliateId, params }: DashboardQuery) {
    return this.queries.affiliateDashboard(affiliateId, dashboardRange(params, this.clock.now()));
  }
}

@QueryHandler(CommissionsQuery)
export class CommissionsHandler implements IQueryHandler<CommissionsQuery> {
  constructor(private readonly queries: DashboardQueries) {}

  execute({ affiliateId, params }: CommissionsQuery) {
    const status = params.status;
    if (status !== undefined && !['pending', 'due', 'paid', 'reversed'].includes(String(status))) {
      throw badInput('status must be pending, due, paid or reversed', [
        { field: 'status', problems: ['unknown status'] },
      ]);
    }
    return this.queries.commissions(affiliateId, {
      ...(status ? { status: status as 'pending' } : {}),
      ...(params.limit !== undefined ? { limit: positiveInt(params.limit, 'limit') } : {}),
      ...(typeof params.cursor === 'string' ? { cursor: params.cursor } : {}),
    });
  }
}
