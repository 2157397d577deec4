import type { INestApplication } from '@nestjs/common';
import { ERROR_SCHEMA } from './api-docs';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

type PathItemObject = OpenAPIObject['paths'][string];
type ParameterObject = Exclude<
  NonNullable<NonNullable<PathItemObject['get']>['parameters']>[number],
  { $ref: string }
>;

const redirect = (
  operationId: string,
  summary: string,
  extraParameters: ParameterObject[] = [],
): PathItemObject => ({
  get: {
    tags: ['Redirects'],
    operationId,
    summary,
    security: [],
    parameters: [
      {
        name: 'refCode',
        in: 'path' as const,
        required: true,
        description: 'The affiliate’s ref code.',
        schema: { type: 'string', pattern: '^[a-z0-9-]{3,32}$', example: 'ann' },
      },
      ...extraParameters,
      {
        name: 'c',
        in: 'query' as const,
        required: false,
        description: 'Campaign tag; a malformed one is dropped (the click is still recorded).',
        schema: { type: 'string', pattern: '^[a-z0-9-]{1,64}$', example: 'spring' },
      },
    ],
    responses: {
      '302': {
        description:
          'To the destination with `tt_click={clickId}`, sets `tt_vid`; sent only once ClickRecorded is stored. Unknown or suspended codes and unknown products: to SHOP_BASE_URL, nothing recorded.',
      },
    },
  },
});
const productParameter: ParameterObject = {
  name: 'productId',
  in: 'path',
  required: true,
  description: 'A catalog product’s id.',
  schema: { type: 'string', example: 'tee-classic' },
};

/** The OpenAPI document served at /docs: Nest's scan of the controllers, plus the raw redirect routes. */
const openApiDocument = (app: INestApplication): OpenAPIObject => {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ThreadTrak')
      .setDescription(
        'Event-sourced affiliate commission ledger. The contract is shared/API.md; operations marked "Extension" go beyond it.',
      )
      .setVersion('1')
      .addServer('/', 'The server that answers this document')
      .addBearerAuth()
      .build(),
  );
  document.paths['/r/{refCode}'] = redirect(
    'Redirect_canonical',
    'Canonical link: lands on SHOP_BASE_URL',
  );
  document.paths['/r/{refCode}/p/{productId}'] = redirect(
    'Redirect_product',
    'Product deep link: lands on the product page',
    [productParameter],
  );
  document.paths['/r/{refCode}/buy/{productId}'] = redirect(
    'Redirect_purchase',
    'Product purchase link: a Stripe Checkout Session, or the product’s checkoutUrl',
    [productParameter],
  );
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA },
  };
  document.security = [{ bearer: [] }];
  return document;
};

/**
 * Serves /docs and /docs-json. The document is built at the first request for it, not at start-up (the
 * scan of every controller costs a few hundred ms of each start); the route tables are checked when the
 * controllers load, so a broken entry still stops the start.
 */
export const setUpOpenApi = (app: INestApplication): void =>
  SwaggerModule.setup('docs', app, () => openApiDocument(app));
