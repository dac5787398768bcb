// `testTimeout` in a jest project's config does not reach hooks (beforeAll starts a whole
// service, which takes more than jest's 5 s default on a loaded 2-core machine): set it here.
jest.setTimeout(60_000);
