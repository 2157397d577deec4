import { randomUUID } from 'node:crypto';

/** Query parameters whose values are credentials (a token in a link, a key pasted into a URL). */
const SECRET_QUERY_NAME = /token|key|secret|pass|sig|auth|session|cookie|credential/i;
/** Path segments that are credentials: the one-use invite token. */
const SECRET_PATHS: readonly RegExp[] = [/^(\/portal\/invite\/)[^/]+/];

/**
 * The request's URL as the access line shows it: the path with credential segments replaced, and the query
 * with the values of credential-like parameters replaced (their names stay, so the line still says what
 * was asked).
 */
export const loggableUrl = (url: string): string => {
  const mark = url.indexOf('?');
  let path = mark < 0 ? url : url.slice(0, mark);
  for (const secret of SECRET_PATHS) path = path.replace(secret, '$1[redacted]');
  if (mark < 0) return path;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      return equals >= 0 && SECRET_QUERY_NAME.test(decodeSafely(name))
        ? `${name}=[redacted]`
        : pair;
    })
    .join('&');
  return `${path}?${query}`;
};

const decodeSafely = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** 1–128 visible ASCII characters: anything else (spaces, control bytes, a novel) is replaced. */
const TRUSTED_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** The request's id: the caller's `X-Request-Id` when it is a sane one, else a new UUID. */
export const requestIdOf = (header: string | string[] | undefined): string =>
  typeof header === 'string' && TRUSTED_REQUEST_ID.test(header) ? header : randomUUID();
