import { createApp, defineState, FieldError, isStateError, withSchema } from '@core/state';
import type { ErrorReport } from '@core/state/internal';
import { formPayload } from '@core/state/protocol';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const SignUp = z.object({ name: z.string().min(1, 'Enter a name.'), email: z.email('Enter a valid email.') });

const Account = defineState('account', {
  vars: { welcome: '', _names: ['taken'] as string[] },
  events: {
    signUp: withSchema(SignUp, (s, { name }) => {
      s.welcome = `Welcome, ${name}`; // written before the refusal: must not be kept
      if (s._names.includes(name)) throw new FieldError({ name: `The name "${name}" is taken.` });
      s._names.push(name);
    }),
  },
});

function appWithErrors(dev?: boolean) {
  const app = createApp({ states: [Account], dev });
  const reports: ErrorReport[] = [];
  app.subscribe(
    't',
    () => {},
    (report) => reports.push(report),
  );
  return { app, reports };
}

describe('field errors (a form had no way to say which field was wrong)', () => {
  it('a FieldError from a handler fails the event, keeps nothing, and carries a message per field to the page', async () => {
    const { app, reports } = appWithErrors();
    const payload = formPayload([
      ['name', 'taken'],
      ['email', 'a@example.com'],
    ]);
    const failure = await app.dispatch('t', Account.signUp(payload as never), { origin: 'client' }).catch((e) => e);
    expect(isStateError(failure, 'INVALID_FIELDS')).toBe(true);
    expect(failure).toBeInstanceOf(FieldError);
    expect(failure.fields).toEqual({ name: 'The name "taken" is taken.' });
    expect((await app.snapshot('t')).account).toEqual({ welcome: '' });
    expect(reports).toEqual([
      expect.objectContaining({ code: 'INVALID_FIELDS', fields: { name: 'The name "taken" is taken.' } }),
    ]);
  });

  it('a schema refusal names every refused field, not only the first', async () => {
    const { app, reports } = appWithErrors();
    const failure = await app
      .dispatch('t', { state: 'account', name: 'signUp', payload: { name: '', email: 'nope' } }, { origin: 'client' })
      .catch((e) => e);
    expect(isStateError(failure, 'INVALID_EVENT')).toBe(true);
    expect(failure.fields).toEqual({ name: 'Enter a name.', email: 'Enter a valid email.' });
    expect(reports[0]?.fields).toEqual(failure.fields);
  });

  it('field messages reach the page in production too (they are written for the person at the form)', async () => {
    const { app, reports } = appWithErrors(false);
    await app.dispatch('t', Account.signUp({ name: 'taken', email: 'a@example.com' })).catch(() => undefined);
    expect(reports[0]).toMatchObject({ code: 'INVALID_FIELDS', fields: { name: 'The name "taken" is taken.' } });
    expect(reports[0]?.stack).toBeUndefined();
  });

  it('a success commits as usual', async () => {
    const { app } = appWithErrors();
    await app.dispatch('t', Account.signUp({ name: 'ada', email: 'ada@example.com' }), { origin: 'client' });
    expect((await app.snapshot('t')).account).toEqual({ welcome: 'Welcome, ada' });
  });

  it('refuses a FieldError without fields, with a message that says what to pass', () => {
    expect(() => new FieldError({})).toThrow(/at least one field name with its message/);
    expect(() => new FieldError({ name: 3 as never })).toThrow(/at least one field name/);
  });

  it('types an event creator with its state, for a typed optimistic draft on the page', () => {
    expectTypeOf(Account.signUp).toHaveProperty('__state');
  });
});

describe('formPayload', () => {
  it('gives each field once, a repeated name as a list, and leaves out the hidden core: fields and files', () => {
    const file = new Blob(['x']);
    expect(
      formPayload([
        ['core:event', 'account.signUp'],
        ['core:token', 'signed'],
        ['name', 'Ada'],
        ['tag', 'a'],
        ['tag', 'b'],
        ['tag', 'c'],
        ['avatar', file],
        ['__proto__', 'x'],
      ]),
    ).toEqual({ name: 'Ada', tag: ['a', 'b', 'c'] });
    expect(Object.getPrototypeOf(formPayload([['__proto__', 'polluted']]))).toBe(Object.prototype);
  });

  it('a refused form is logged as one line at info level, without a stack, and its message ends with one full stop', async () => {
    const lines: Array<{ level: string; message: string; details?: Record<string, unknown> }> = [];
    const log = (level: string) => (message: string, details?: Record<string, unknown>) =>
      lines.push({ level, message, details });
    const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    const app = createApp({ states: [Account], logger });
    const payload = formPayload([
      ['name', 'taken'],
      ['email', 'a@example.com'],
    ]);
    await app.dispatch('t', Account.signUp(payload as never), { origin: 'client' }).catch(() => {});
    const refused = lines.filter((line) => line.message.includes('The form was refused'));
    expect(refused).toEqual([
      {
        level: 'info',
        message: '[core/state] The form was refused: name: The name "taken" is taken.',
        details: expect.anything(),
      },
    ]);
    expect(refused[0]?.details).not.toHaveProperty('error');
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});
