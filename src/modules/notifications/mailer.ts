import { PassThrough, type Readable } from 'node:stream';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';

/**
 * What a failed `Mailer.send` adds to nodemailer's error: whether any byte of the message went
 * to the server. `false` means the session failed before the server's go-ahead to DATA (a
 * connection dropped at MAIL FROM or RCPT TO, say): the server cannot hold the message, so
 * sending it again cannot deliver it twice.
 */
export interface SendFailure extends Error {
  messageTransmitted?: boolean;
}

export interface SentMail {
  messageId: string;
  /** True when no SMTP server is configured: the email was written to the log instead. */
  logged: boolean;
}

/** nodemailer over SMTP_URL; without it, emails are logged (and kept in the database). */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter;

  constructor(@InjectConfig() private readonly config: RuntimeConfig) {
    // A pool of kept-open SMTP connections: one TCP and TLS handshake per connection, not per
    // email, when a Monday-morning burst of reminders goes out.
    this.transport = config.smtpUrl
      ? createTransport(
          {
            url: config.smtpUrl,
            pool: true,
            maxConnections: config.smtpPoolSize,
            // nodemailer's defaults (2 min to connect, 10 min of silence) outlive the email
            // lease: a hung attempt's email would be claimed and sent again by another worker.
            connectionTimeout: config.smtpTimeoutMs,
            greetingTimeout: config.smtpTimeoutMs,
            socketTimeout: config.smtpTimeoutMs,
          },
          { from: config.mailFrom },
        )
      : createTransport({ jsonTransport: true }, { from: config.mailFrom });
    // nodemailer asks for a message's stream when a pooled connection takes the message up
    // (it then sends MAIL FROM), and reads it only once the server said go ahead to DATA (it
    // pipes it to the socket then): the stream's first `resume` is the moment the message
    // would begin to leave. `beforeTransmit` starts when the connection takes the message up,
    // so it runs during the envelope's round trips instead of after them, and the message is
    // held at `resume` until it is done. Keyed by the message's Message-ID, which `send`
    // requires.
    this.transport.use('stream', (mail, done) => {
      const watch = this.transmissions.get(String(mail.data.messageId));
      if (watch) {
        mail.message.processFunc((input: Readable) => {
          // The whole message is built while the envelope goes (MAIL FROM, RCPT TO, DATA), so
          // that once `beforeTransmit` is done it leaves in one write: the less time between
          // the mark and the server holding the message, the fewer emails a worker killed in
          // between leaves unconfirmed.
          const chunks: Buffer[] = [];
          const built = new Promise<Buffer>((resolve, reject) => {
            input.on('data', (chunk: Buffer) => chunks.push(chunk));
            input.once('end', () => resolve(Buffer.concat(chunks)));
            input.once('error', reject);
          });
          built.catch(() => undefined); // reported through `output` once it is read
          const ready = watch.beforeTransmit();
          ready.catch(() => undefined); // reported through `output` once it is read
          const output = new PassThrough();
          output.once('resume', () => {
            Promise.all([built, ready]).then(
              ([message]) => {
                watch.transmitted = true;
                output.end(message);
              },
              (error: Error) => output.destroy(error),
            );
          });
          return output;
        });
      }
      done();
    });
  }

  /** Messages being sent, by Message-ID: whether any of it went to the server yet. */
  private readonly transmissions = new Map<
    string,
    { transmitted: boolean; beforeTransmit: () => Promise<unknown> }
  >();

  /**
   * Sends one message (`messageId` required: it is how the attempt is followed). On failure
   * it rejects with nodemailer's error, plus `messageTransmitted` (see `SendFailure`).
   * `beforeTransmit` starts when a connection takes the message up (its envelope then goes),
   * and no byte of the message leaves before it is done; when it rejects, nothing of the
   * message is sent and the send fails.
   */
  async send(
    message: SendMailOptions & { messageId: string },
    beforeTransmit: () => Promise<unknown> = () => Promise.resolve(),
  ): Promise<SentMail> {
    const watch = { transmitted: false, beforeTransmit };
    this.transmissions.set(message.messageId, watch);
    let info: { messageId: string };
    try {
      info = (await this.transport.sendMail(message)) as { messageId: string };
    } catch (error) {
      if (error instanceof Error) (error as SendFailure).messageTransmitted = watch.transmitted;
      throw error;
    } finally {
      this.transmissions.delete(message.messageId);
    }
    if (!this.config.smtpUrl) {
      this.logger.log(
        `Email (no SMTP_URL, not sent) to ${addressOf(message.to)}: ${String(message.subject)}`,
      );
    }
    return { messageId: info.messageId, logged: !this.config.smtpUrl };
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}

/** `Ana Ruiz <ana@sre.gob.mx>` for the log, whatever shape nodemailer was given. */
function addressOf(to: SendMailOptions['to']): string {
  if (!to) return '(nobody)';
  if (typeof to === 'string') return to;
  if (Array.isArray(to)) return to.map(addressOf).join(', ');
  return to.name ? `${to.name} <${to.address ?? ''}>` : (to.address ?? '(nobody)');
}
