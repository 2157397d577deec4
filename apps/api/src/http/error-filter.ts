import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { EventStoreError, WrongExpectedRevisionError } from '@threadtrak/event-store';
import { Refusal, type RefusalKind } from '@threadtrak/ledger';
import { ReadModelQueryError } from '@threadtrak/read-models';
import type { FastifyReply } from 'fastify';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Every refusal kind has its status here, so a new kind fails to compile until it is mapped. */
const REFUSAL_STATUS: Record<RefusalKind, number> = {
  invalid: 400,
  refused: 422,
  conflict: 409,
  not_found: 404,
  forbidden: 403,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
};

/** Every error becomes `{error: {code, message, details?}}`; only our own faults are 500s. */
export const toErrorResponse = (error: unknown): { status: number; body: ErrorBody } => {
  if (error instanceof Refusal && error.kind === 'invalid') {
    return {
      status: 400,
      body: { error: { code: 'validation_failed', message: error.message, details: [error.code] } },
    };
  }
  if (error instanceof Refusal)
    return {
      status: REFUSAL_STATUS[error.kind],
      body: { error: { code: error.code, message: error.message } },
    };
  if (error instanceof WrongExpectedRevisionError) {
    return {
      status: 409,
      body: {
        error: {
          code: 'concurrent_change',
          message: 'somebody else changed this at the same time; try again',
        },
      },
    };
  }
  if (error instanceof ReadModelQueryError)
    return {
      status: 400,
      body: {
        error: { code: 'validation_failed', message: error.message, details: error.details },
      },
    };
  if (error instanceof EventStoreError)
    return {
      status: 400,
      body: { error: { code: 'validation_failed', message: error.message, details: [error.code] } },
    };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    if (
      typeof response === 'object' &&
      response !== null &&
      'error' in response &&
      typeof (response as ErrorBody).error === 'object'
    ) {
      return { status, body: response as ErrorBody };
    }
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? error.message);
    return {
      status,
      body: {
        error: {
          code: CODE_BY_STATUS[status] ?? 'error',
          message,
          ...(status === 400 ? { details: [message] } : {}),
        },
      },
    };
  }
  const statusCode = (error as { statusCode?: number })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const message = (error as Error).message;
    return {
      status: statusCode,
      body: {
        error: {
          code: CODE_BY_STATUS[statusCode] ?? 'bad_request',
          message,
          ...(statusCode === 400 ? { details: [message] } : {}),
        },
      },
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal_error', message: 'something went wrong on our side' } },
  };
};

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = toErrorResponse(exception);
    if (status >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply.status(status).header('cache-control', 'no-store').send(body);
  }
}
