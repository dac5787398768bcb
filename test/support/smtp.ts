import type { Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  mail: ParsedMail;
  to: string;
  receivedAt: number;
}

/** How the server misbehaves for one message (decided when its recipient is known). */
export interface SmtpFaults {
  /** Answer the final dot with a temporary (451) or permanent (550) refusal. */
  refuse?: (to: string) => 451 | 550 | null;
  /** Take the whole message, then never answer (the client cannot tell whether it was taken). */
  stall?: (to: string) => boolean;
  /**
   * Close the connection without a word: `before-data` right after the recipient (nothing of
   * the message was sent), `after-data` once the whole message arrived (like `stall`, the
   * client cannot tell whether it was taken).
   */
  drop?: (to: string) => 'before-data' | 'after-data' | null;
}

const MESSAGE_ID = /^Message-ID:\s*(<[^>\r\n]+>)/im;

/**
 * A real SMTP server in the test process. `refuse`, `stall` and `drop` (see `SmtpFaults`)
 * decide, message by message, how it misbehaves instead of accepting. Stalled and dropped
 * messages are counted in `taken`, not in `received`. `arrivals` maps the Message-ID of every
 * message the server got in full (accepted, stalled or dropped after its data) to the times
 * (ms since the epoch) it arrived: the evidence of a message delivered twice.
 */
export async function startSmtpServer(options: SmtpFaults = {}) {
  const received: ReceivedMail[] = [];
  const taken: string[] = [];
  const arrivals = new Map<string, number[]>();
  let refusals = 0;
  let drops = 0;
  // By the client's port, so a fault can end the very connection a session belongs to.
  const sockets = new Map<number, Socket>();
  const dropConnection = (remotePort: number) => {
    drops++;
    sockets.get(remotePort)?.destroy();
  };
  const server = new SMTPServer({
    authOptional: true,
    // Stalled sessions would otherwise hold close() for its default 30 s.
    closeTimeout: 500,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, session, callback) {
      if (options.drop?.(address.address) === 'before-data') {
        dropConnection(session.remotePort);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address).join(',');
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const messageId = MESSAGE_ID.exec(raw.subarray(0, 16_384).toString('latin1'))?.[1];
        const arrived = () => {
          if (messageId) arrivals.set(messageId, [...(arrivals.get(messageId) ?? []), Date.now()]);
        };
        if (options.stall?.(to)) {
          taken.push(to);
          arrived();
          return; // never answers the final dot
        }
        if (options.drop?.(to) === 'after-data') {
          taken.push(to);
          arrived();
          dropConnection(session.remotePort);
          return;
        }
        const refusal = options.refuse?.(to) ?? null;
        if (refusal) {
          refusals++;
          const error = Object.assign(
            new Error(refusal === 451 ? 'Try again later' : 'Mailbox unavailable'),
            {
              responseCode: refusal,
            },
          );
          callback(error);
          return;
        }
        simpleParser(raw).then(
          (mail) => {
            received.push({ mail, to, receivedAt: Date.now() });
            arrived();
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  // A client that dies mid-session (a worker killed with kill -9) resets its connection: that
  // is the client's fault to survive, not the server's to crash on.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    taken,
    arrivals,
    refusals: () => refusals,
    drops: () => drops,
    /** Waits (bounded) until `predicate` holds for the mails received so far. */
    async waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for mail; got ${received.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const header = (mail: ParsedMail, name: string) =>
  mail.headers.get(name.toLowerCase()) as string | undefined;
