import { RequestMethod, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@threadtrak/application';
import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * What must never reach a log line, wherever it hides in a logged object. The access line logs none of
 * these fields in the first place (no headers, no bodies); this is the net under everything else.
 */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["stripe-signature"]',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'secret',
  '*.secret',
];

/**
 * The process's one logger: JSON lines on stdout, ISO times, level names. Nest's own logs (nestjs-pino),
 * Fastify's and the access lines all go through it. Asynchronous writes keep the redirect's hot path off
 * the terminal; pino flushes what is buffered when the process exits.
 */
export const createLogger = (
  config: Pick<AppConfig, 'logLevel'>,
  destination: DestinationStream = pino.destination({ sync: false }),
): Logger =>
  pino(
    {
      level: config.logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    destination,
  );

/**
 * nestjs-pino on the process's logger: Nest's own lines become JSON, and a line logged while a request is
 * handled carries that request's id (Fastify's request logger, bound by the module's middleware). The
 * redirect is left out of that binding: it is a raw Fastify route that logs nothing of its own.
 */
export const loggerModule = (logger: Logger): DynamicModule =>
  LoggerModule.forRoot({
    pinoHttp: { logger },
    useExisting: true,
    exclude: [{ path: 'r/{*splat}', method: RequestMethod.ALL }],
  });
