import type { Type } from '@nestjs/common';
import {
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  type SchemaObject,
} from '@nestjs/swagger';

/**
 * How /docs-json describes a route: one table per controller area (`*.responses.ts` beside the
 * controllers), put on the controller by one class decorator, `@ApiRoutes(table)`. The table is typed
 * by the controller, so a route without its entry does not compile. The Swagger CLI plugin already
 * describes the request bodies (the DTOs); the table adds the rest: summary, path and query
 * parameters, and every answer with its description, schema and example.
 */

/** The shape of every error (API.md, "Errors"): served once in the document as `Error`. */
export const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'Every 4xx answer: a stable snake_case code, a message for people, sometimes details.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable, snake_case: what programs match on.' },
        message: { type: 'string', description: 'For people; may change.' },
        details: {
          description: 'With validation_failed: the fields and their problems.',
          type: 'array',
          items: {},
        },
      },
    },
  },
};

/** One refusal a route may answer. */
export interface ErrorDoc {
  status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429;
  code: string;
  /** An example message, as the service writes it. */
  message: string;
}

export const error = (status: ErrorDoc['status'], code: string, message: string): ErrorDoc => ({
  status,
  code,
  message,
});

export interface ParamDoc {
  description: string;
  example: string;
}

export interface QueryDoc {
  description: string;
  example?: string | number;
  enum?: string[];
  pattern?: string;
  type?: 'string' | 'integer';
  required?: boolean;
}

/** A success answer; without `example`, no body (204). */
export interface AnswerDoc {
  status?: number;
  description: string;
  example?: unknown;
  /** Default: inferred from the example. */
  schema?: SchemaObject;
}

export interface RouteDoc {
  summary: string;
  /** What goes beyond the summary; "Extension:" marks what goes beyond shared/API.md. */
  description?: string;
  ok: AnswerDoc;
  /** Other success answers (a repeated request's 200). */
  also?: AnswerDoc[];
  /** Default application/json. */
  contentTypes?: string[];
  errors?: ErrorDoc[];
  params?: Record<string, ParamDoc>;
  query?: Record<string, QueryDoc>;
  headers?: Record<string, string>;
}

/** The answers every route of an area may give (its guard's, typically). */
export interface AreaDocs<T> {
  errors: ErrorDoc[];
  routes: { [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: RouteDoc };
}

/** The credential errors of the guards, the same in every area. */
export const UNAUTHORIZED = error(401, 'unauthorized', 'missing or invalid credentials');
export const NOT_THESE_CREDENTIALS = error(
  403,
  'forbidden',
  'these credentials do not open this route',
);
export const SUSPENDED = error(403, 'affiliate_suspended', 'this affiliate is suspended');
export const validationFailed = (field: string, problem: string): ErrorDoc =>
  error(400, 'validation_failed', `${field}: ${problem}`);

/** In an example, a null that stands for a value like `like` (its type). */
class OrNull {
  constructor(readonly like: unknown) {}
}
export const orNull = (like: unknown): unknown => new OrNull(like);

/** The example as served: every `orNull(…)` is null. */
const plain = (value: unknown): unknown => {
  if (value instanceof OrNull) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
};

/** A JSON schema that the example satisfies: the shape a reader needs, without a DTO class per answer. */
const schemaOf = (value: unknown): SchemaObject => {
  if (value instanceof OrNull) return { ...schemaOf(value.like), nullable: true };
  if (value === null) throw new Error('a null in an example needs its type: orNull(example)');
  if (Array.isArray(value)) return { type: 'array', items: value.length ? schemaOf(value[0]) : {} };
  if (typeof value === 'object') {
    const properties = Object.fromEntries(
      Object.entries(value as object).map(([key, item]) => [key, schemaOf(item)]),
    );
    return { type: 'object', properties };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  return { type: 'string' };
};

const errorResponses = (errors: ErrorDoc[]) => {
  const byStatus = new Map<number, ErrorDoc[]>();
  for (const doc of errors) byStatus.set(doc.status, [...(byStatus.get(doc.status) ?? []), doc]);
  return [...byStatus].map(([status, docs]) =>
    ApiResponse({
      status,
      description: docs.map((doc) => `\`${doc.code}\`: ${doc.message}`).join('; '),
      // Errors are JSON even where the success is an image or text.
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Error' },
          examples: Object.fromEntries(
            docs.map((doc) => [
              doc.code,
              { summary: doc.message, value: { error: { code: doc.code, message: doc.message } } },
            ]),
          ),
        },
      },
    }),
  );
};

const answer = (doc: AnswerDoc, contentTypes = ['application/json']) => {
  if (doc.example === undefined && !doc.schema)
    return ApiResponse({ status: doc.status ?? 200, description: doc.description });
  const schema = {
    ...(doc.schema ?? schemaOf(doc.example)),
    ...(doc.example === undefined ? {} : { example: plain(doc.example) }),
  };
  return ApiResponse({
    status: doc.status ?? 200,
    description: doc.description,
    content: Object.fromEntries(contentTypes.map((type) => [type, { schema }])),
  });
};

const decoratorsOf = (route: RouteDoc, areaErrors: ErrorDoc[]): MethodDecorator[] => {
  const errors = [...areaErrors, ...(route.errors ?? [])].filter(
    (doc, index, all) => all.findIndex((other) => other.code === doc.code) === index,
  );
  return [
    ApiOperation({ summary: route.summary, description: route.description }),
    answer(route.ok, route.contentTypes),
    ...(route.also ?? []).map((doc) => answer(doc, route.contentTypes)),
    ...errorResponses(errors),
    ...Object.entries(route.params ?? {}).map(([name, param]) =>
      ApiParam({ name, description: param.description, example: param.example }),
    ),
    ...Object.entries(route.query ?? {}).map(([name, query]) =>
      ApiQuery({
        name,
        required: query.required ?? false,
        description: query.description,
        schema: {
          type: query.type ?? 'string',
          ...(query.enum ? { enum: query.enum } : {}),
          ...(query.pattern ? { pattern: query.pattern } : {}),
          ...(query.example !== undefined ? { example: query.example } : {}),
        },
      }),
    ),
    ...Object.entries(route.headers ?? {}).map(([name, description]) =>
      ApiHeader({ name, description, required: false }),
    ),
  ];
};

/** Puts an area's table on its controller: every route gets its summary, parameters and answers. */
export const ApiRoutes =
  <T>(docs: AreaDocs<T>) =>
  (target: Type<T>): void => {
    for (const [key, route] of Object.entries(docs.routes) as [string, RouteDoc][]) {
      const descriptor = Object.getOwnPropertyDescriptor(target.prototype, key);
      if (!descriptor) throw new Error(`${target.name}.${key} is documented but is no route`);
      for (const decorate of decoratorsOf(route, docs.errors))
        decorate(target.prototype as object, key, descriptor);
    }
  };
