import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type ReceiverAnswer = 'ok' | 'fail' | 'hang';

export interface ReceivedDelivery {
  eventId: string;
  type: string;
  body: string;
  signature: string;
  attempt: number;
  answer: ReceiverAnswer;
}

/**
 * A shop's webhook receiver on 127.0.0.1 for tests: it records every request and answers what `decide`
 * says for it — 200, 500, or nothing at all (the request hangs until the receiver closes).
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  /** How many requests each event id got so far. */
  readonly timesSeen = new Map<string, number>();
  decide: (eventId: string, nthTime: number) => ReceiverAnswer = () => 'ok';
  /** How long each answer takes (a receiver doing work before it answers). */
  answerAfterMs = 0;
  /** Requests received and not answered yet. */
  inFlight = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver!: WebhookReceiver;
    const server = createServer((request, response) => void receiver.handle(request, response));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/hooks/threadtrak`);
    return receiver;
  }

  /** Event ids answered with a 2xx at least once. */
  acknowledged(): Set<string> {
    return new Set(this.received.filter((r) => r.answer === 'ok').map((r) => r.eventId));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let parsed: { id?: string; type?: string } = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      /* recorded as is */
    }
    const eventId = String(parsed.id);
    const nth = (this.timesSeen.get(eventId) ?? 0) + 1;
    this.timesSeen.set(eventId, nth);
    const answer = this.decide(eventId, nth);
    this.received.push({
      eventId,
      type: String(parsed.type),
      body,
      signature: String(request.headers['threadtrak-signature']),
      attempt: Number(request.headers['threadtrak-attempt']),
      answer,
    });
    if (answer === 'hang') return;
    if (this.answerAfterMs > 0) {
      this.inFlight += 1;
      await new Promise((done) => setTimeout(done, this.answerAfterMs));
      this.inFlight -= 1;
    }
    response.writeHead(answer === 'ok' ? 200 : 500, { 'content-type': 'text/plain' }).end(answer);
  }
}
