import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppServer } from '@core/test-support';
import { test } from '@playwright/test';

const exampleRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts the built example (`core start`) once for the spec file that calls it and stops it after;
 * returns a function that gives its address. Each test's page has a fresh browser context: a new
 * session, so an empty list.
 */
export function serveTodos(): () => string {
  let server: AppServer | undefined;
  test.beforeAll(async () => {
    server = await AppServer.start(exampleRoot);
  });
  test.afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('The to-do server has not started: call serveTodos() at the top of the spec.');
    return server.url;
  };
}
