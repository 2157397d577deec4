import { isbot } from 'isbot';

/**
 * Link fetchers the maintained `isbot` list (which knows curl, okhttp, wget, Slack, Discord, Teams,
 * WhatsApp, Google Chat and the other previewers) does not: Microsoft Office and Outlook fetch a link
 * when it is pasted or opened in a document, with user agents like `Microsoft Office/16.0 (…)` and
 * `ms-office; MSOffice 16`.
 */
const MISSED_BY_ISBOT = /microsoft office\/|ms-office|msoffice/i;

export interface ClickRequest {
  method: string;
  userAgent?: string | null;
}

/**
 * A bot click is stored but never counted or attributed; the visitor is still redirected. HEAD is a
 * bot (a browser following a link sends GET), and so is a request without a user agent.
 */
export function isBot({ method, userAgent }: ClickRequest): boolean {
  if (method.toUpperCase() === 'HEAD') return true;
  if (!userAgent || userAgent.trim() === '') return true;
  return isbot(userAgent) || MISSED_BY_ISBOT.test(userAgent);
}
