/** The portal's only way to the server: the public HTTP API, with the session cookie and the CSRF header. */
let csrfToken: string | null = null;

export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** An answer in the contract's error shape, kept whole so a form can put each problem next to its field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }

  /** The problem with one field, as a sentence, if the server named that field. */
  forField(field: string): string | undefined {
    const found = this.details.find(
      (detail) => detail && typeof detail === 'object' && detail.field === field,
    );
    return found ? sentence(found.problems.join('; ')) : undefined;
  }
}

const sentence = (text: string) => {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/** What each refusal code means to an affiliate. */
const MESSAGES: Record<string, string> = {
  below_minimum: 'Your due balance is below the payout minimum.',
  no_payout_account: 'Set a payout account first (PayPal or Stripe).',
  nothing_due: 'Nothing is due yet: commissions become due after the hold.',
  payout_open: 'A payout is already on its way; you can ask for the next one once it is settled.',
  affiliate_suspended: 'Your account is suspended. Contact the program manager.',
  csrf_token_invalid: 'Your session changed in another tab. Reload the page and try again.',
  too_many_requests: 'Too many attempts. Wait a few minutes and try again.',
};

export const humanMessage = (code: string, message: string) => MESSAGES[code] ?? sentence(message);

export const api = async <T>(
  path: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> => {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(
      0,
      'network',
      'The server could not be reached. Check your connection and try again.',
    );
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = (
      parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined
    )?.error;
    const code = error?.code ?? 'error';
    const details = Array.isArray(error?.details) ? (error!.details as FieldProblem[]) : [];
    throw new ApiError(
      response.status,
      code,
      humanMessage(code, error?.message ?? `The server answered ${response.status}.`),
      details,
    );
  }
  return parsed as T;
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
