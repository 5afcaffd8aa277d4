import { defineState } from '@core/state';
import { describe, expect, it } from 'vitest';
import { createStateStub } from '../stub.js';

describe('createStateStub', () => {
  it("makes the same events as the server's definition, the setter's included", () => {
    const Search = defineState('search', {
      vars: { query: '' },
      setters: ['query'],
      events: {
        clear(s, keep: boolean) {
          if (!keep) s.query = '';
        },
      },
    });
    const stub = createStateStub('search', ['clear', '$set']) as unknown as typeof Search;
    // What goes on the wire (the server's own events also carry a brand, which is not sent).
    const wire = (event: unknown) => JSON.parse(JSON.stringify(event));
    expect(wire(stub.set('query', 'hi'))).toEqual(wire(Search.set('query', 'hi')));
    expect(wire(stub.clear(true))).toEqual(wire(Search.clear(true)));
  });
});
