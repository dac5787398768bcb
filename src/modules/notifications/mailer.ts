import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';

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
            maxConnections: 8,
            // nodemailer's defaults (2 min to connect, 10 min of silence) outlive the email
            // lease: a hung attempt's email would be claimed and sent again by another worker.
            connectionTimeout: config.smtpTimeoutMs,
            greetingTimeout: config.smtpTimeoutMs,
            socketTimeout: config.smtpTimeoutMs,
          },
          { from: config.mailFrom },
        )
      : createTransport({ jsonTransport: true }, { from: config.mailFrom });
  }

  async send(message: SendMailOptions): Promise<SentMail> {
    const info = (await this.transport.sendMail(message)) as { messageId: string };
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
