import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  mail: ParsedMail;
  to: string;
  receivedAt: number;
}

/**
 * A real SMTP server in the test process. `refuse` decides, message by message, whether to
 * answer with a temporary (451) or permanent (550) refusal instead of accepting; `stall`,
 * whether to take the whole message and then never answer (the client cannot tell whether it
 * was accepted). Stalled messages are counted in `taken`, not in `received`.
 */
export async function startSmtpServer(
  options: { refuse?: (to: string) => 451 | 550 | null; stall?: (to: string) => boolean } = {},
) {
  const received: ReceivedMail[] = [];
  const taken: string[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    // Stalled sessions would otherwise hold close() for its default 30 s.
    closeTimeout: 500,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address).join(',');
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (options.stall?.(to)) {
          taken.push(to);
          return; // never answers the final dot
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
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            received.push({ mail, to, receivedAt: Date.now() });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    taken,
    refusals: () => refusals,
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
