import { createApp, defineState, isStateError, type StandardSchemaV1, withSchema } from '@core/state';
import type { ErrorReport } from '@core/state/internal';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

/** A hand-written Standard Schema: what any library implements. */
const evenNumber: StandardSchemaV1<number> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: async (value) =>
      typeof value === 'number' && value % 2 === 0 ? { value } : { issues: [{ message: 'must be an even number' }] },
  },
};

const Profile = defineState('profile', {
  vars: { name: '', age: 0, tags: [] as string[], evens: 0 },
  events: {
    update: withSchema(
      z.object({
        name: z.string().min(1).max(40),
        age: z.number().int().min(0).default(0),
        tags: z.array(z.string()).max(3),
      }),
      (s, p) => {
        s.name = p.name;
        s.age = p.age;
        s.tags = p.tags;
      },
    ),
    setEvens: withSchema(evenNumber, (s, n) => {
      s.evens = n;
    }),
    unchecked(s, name: string) {
      s.name = name;
    },
  },
  background: {
    greet: withSchema(z.string(), async (task, who) => {
      await task.modify((s) => {
        s.name = `hello ${who}`;
      });
    }),
  },
});

describe('payload schemas (a handler storing its payload used to accept any JSON)', () => {
  it('run the handler with the schema output when the payload is valid', async () => {
    const app = createApp({ states: [Profile] });
    await app.dispatch('t', Profile.update({ name: 'Ada', tags: ['x'] } as never), { origin: 'client' });
    expect((await app.snapshot('t')).profile).toMatchObject({ name: 'Ada', age: 0, tags: ['x'] });
    await app.dispatch('t', Profile.setEvens(4));
    expect((await app.snapshot('t')).profile.evens).toBe(4);
  });

  it('refuse an invalid payload with INVALID_EVENT naming the field, and change nothing', async () => {
    const app = createApp({ states: [Profile] });
    const errors: ErrorReport[] = [];
    app.subscribe(
      't',
      () => {},
      (error) => errors.push(error),
    );
    const sent = { state: 'profile', name: 'update', payload: { name: 'Ada', age: 1.5, tags: [] } };
    const failure = await app.dispatch('t', sent, { origin: 'client' }).catch((e: unknown) => e);
    expect(isStateError(failure, 'INVALID_EVENT')).toBe(true);
    expect((failure as Error).message).toMatch(/The payload of profile\.update is invalid at "age"/);
    const tooMany = { ...sent, payload: { name: 'Ada', tags: ['a', 'b', 'c', 'd'] } };
    await expect(app.dispatch('t', tooMany, { origin: 'client' })).rejects.toThrow(/at "tags"/);
    await expect(app.dispatch('t', Profile.setEvens(3))).rejects.toThrow(/must be an even number/);
    expect((await app.snapshot('t')).profile).toEqual({ name: '', age: 0, tags: [], evens: 0 });
    expect(errors.map((e) => e.code)).toEqual(['INVALID_EVENT', 'INVALID_EVENT', 'INVALID_EVENT']);
  });

  it('check the payload of a background task before it starts', async () => {
    const app = createApp({ states: [Profile] });
    await expect(app.dispatch('t', { state: 'profile', name: 'greet', payload: 42 })).rejects.toThrow(
      /payload of profile\.greet is invalid/,
    );
    expect(app.backgroundTasks.size).toBe(0);
    await app.dispatch('t', Profile.greet('you'));
    await app.idle();
    expect((await app.snapshot('t')).profile.name).toBe('hello you');
  });

  it('type the event creator with the schema input and the handler with its output', () => {
    expectTypeOf(Profile.setEvens).parameter(0).toEqualTypeOf<number>();
    expectTypeOf(Profile.greet).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(Profile.unchecked).parameter(0).toEqualTypeOf<string>();
  });
});
