import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: IncomingMessage, body: string, url: URL) => Promise<Reply> | Reply;

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Answer this much later (the work is already done): a client with a shorter timeout gives up. */
  delayMs?: number;
  /** Close the connection without answering (the work is already done): the client's answer is lost. */
  drop?: boolean;
}

/** A node:http server on a free port of 127.0.0.1 that answers JSON. */
export class JsonServer {
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(handler: Handler): Promise<JsonServer> {
    let self: JsonServer | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://fake');
        Promise.resolve()
          .then(() => handler(request, Buffer.concat(chunks).toString('utf8'), url))
          .catch((error: unknown) => ({ status: 500, body: { fakeServerError: String(error) } }))
          .then((reply) => self!.answer(response, reply));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new JsonServer(server, `http://127.0.0.1:${port}`);
    return self;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(response: ServerResponse, reply: Reply): void {
    const write = () => {
      if (response.destroyed) return;
      if (reply.drop) {
        response.socket?.destroy();
        return;
      }
      const text = JSON.stringify(reply.body);
      response.writeHead(reply.status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
        ...reply.headers,
      });
      response.end(text);
    };
    if (!reply.delayMs) return write();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      write();
    }, reply.delayMs);
    this.timers.add(timer);
  }
}

let counter = 0;
/** Provider-looking ids: `tr_` + 14 characters, unique in the process. */
export function fakeId(prefix: string, length = 14): string {
  counter += 1;
  const random = Math.random().toString(36).slice(2).toUpperCase();
  return `${prefix}${(counter.toString(36).toUpperCase() + random).padEnd(length, '0').slice(0, length)}`;
}
