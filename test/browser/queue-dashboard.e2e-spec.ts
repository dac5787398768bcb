import type { Browser } from 'playwright-core';
import { launchBrowser, need, openUser, signIn } from '../support/browser';
import { createUser } from '../support/fixtures';
import { ADMIN } from '../support/test-app';
import { startService } from './scenario';

jest.setTimeout(120_000);

/**
 * The queue dashboard as an admin reaches it: from the web app's navigation, which trades the
 * in-memory token for the dashboard's cookie and then opens the server-rendered page.
 */
describe('browser: the queue dashboard', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it('opens for an admin from the navigation, showing every queue; others see no link and no page', async () => {
    const admin = await openUser(browser, service.app.url);
    await signIn(admin.page, ADMIN);
    const link = await need(
      admin.page.getByRole('navigation', { name: /^main$/i }).getByRole('link', {
        name: /^queue dashboard$/i,
      }),
      'the "Queue dashboard" link of an admin',
    );
    await link.click();
    await admin.page.waitForURL((url) => url.pathname.startsWith('/admin/queues'));
    expect(admin.page.url()).not.toMatch(/token|eyJ/);
    for (const queue of ['deadlines', 'emails', 'maintenance']) {
      await need(admin.page.getByText(queue).first(), `the ${queue} queue on the dashboard`);
    }
    // Its own scripts ran under the service's Content-Security-Policy, which refuses only the
    // third-party fonts bull-board asks for.
    expect(admin.errors.filter((e) => !/fonts\.googleapis\.com/.test(e))).toEqual([]);
    const cookies = await admin.context.cookies();
    expect(cookies.find((c) => c.name === 'puentes_queues')).toEqual(
      expect.objectContaining({ path: '/admin/queues', httpOnly: true, sameSite: 'Strict' }),
    );

    const viewer = await createUser(service.app, { roles: ['viewer'] });
    const other = await openUser(browser, service.app.url);
    await signIn(other.page, { email: viewer.user.email, password: viewer.password });
    await need(
      other.page.getByRole('link', { name: /^my tasks$/i }),
      'the navigation of a signed-in viewer',
    );
    expect(await other.page.getByRole('link', { name: /^queue dashboard$/i }).count()).toBe(0);
    const response = await other.page.goto('/admin/queues');
    expect(response?.status()).toBe(401);
    await admin.context.close();
    await other.context.close();
  });
});
