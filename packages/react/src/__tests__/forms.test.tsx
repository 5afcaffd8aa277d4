// @vitest-environment happy-dom
import { CoreClient, CoreProvider, useAppState } from '@core/react';
import { Form, useField, useForm } from '@core/react/forms';
import { createEventSpec, type EventSpec, type UploadedFile } from '@core/state';
import type { EventMessage } from '@core/state/protocol';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage, type ScriptedServer, scriptedServer } from './scriptedServer.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Search = { query: string; limit: number; exact: boolean; notes: string[] };
const SearchState = {
  name: 'search',
  __state: undefined as unknown as Search,
  setQuery: (query: string): EventSpec<string> => createEventSpec('search', 'setQuery', query),
  setLimit: (limit: number): EventSpec<number> => createEventSpec('search', 'setLimit', limit),
  setExact: (exact: boolean): EventSpec<boolean> => createEventSpec('search', 'setExact', exact),
  signUp: (fields: { name: string; email: string }): EventSpec<{ name: string; email: string }> =>
    createEventSpec('search', 'signUp', fields),
  profile: (fields: { name: string; avatar?: string }): EventSpec<unknown> =>
    createEventSpec('search', 'profile', fields),
  receiveAvatar: (file: UploadedFile): EventSpec<UploadedFile> => createEventSpec('search', 'receiveAvatar', file),
  addNote: Object.assign(
    (fields: { note: string }): EventSpec<{ note: string }> => createEventSpec('search', 'addNote', fields),
    { __state: undefined as Search | undefined },
  ),
};

function Fields() {
  return (
    <>
      <input data-testid="query" {...useField(SearchState, 'query', SearchState.setQuery)} />
      <input data-testid="limit" {...useField(SearchState, 'limit', SearchState.setLimit)} />
      <input type="checkbox" data-testid="exact" {...useField(SearchState, 'exact', SearchState.setExact)} />
    </>
  );
}

function SignUp() {
  const form = useForm(SearchState.signUp);
  return (
    <Form form={form} data-testid="form">
      <input data-testid="name" {...form.field('name')} />
      <span data-testid="name-error">{form.errors.name ?? ''}</span>
      <input data-testid="email" {...form.field('email')} />
      <span data-testid="email-error">{form.errors.email ?? ''}</span>
      <span data-testid="status">{form.pending ? 'pending' : form.status}</span>
      <button type="submit" data-testid="submit" disabled={form.pending}>
        Sign up
      </button>
    </Form>
  );
}

function Profile() {
  const form = useForm(SearchState.profile, { uploads: { avatar: SearchState.receiveAvatar } });
  return (
    <Form form={form} data-testid="form">
      <input data-testid="name" {...form.field('name')} />
      <input type="file" data-testid="avatar" name="avatar" />
      <span data-testid="status">{form.pending ? 'pending' : form.status}</span>
      <button type="submit" data-testid="submit">
        Save
      </button>
    </Form>
  );
}

function Notes() {
  const notes = useAppState(SearchState, (s) => s.notes);
  const form = useForm(SearchState.addNote, {
    optimistic: (draft, { note }) => {
      draft.notes.push(`${note} (sending)`);
    },
  });
  return (
    <Form form={form} data-testid="form">
      <input data-testid="note" {...form.field('note')} />
      <span data-testid="note-error">{form.errors.note ?? ''}</span>
      <span data-testid="notes">{notes.join(', ')}</span>
      <button type="submit" data-testid="submit">
        Add
      </button>
    </Form>
  );
}

function LiveField() {
  return <input data-testid="query" {...useField(SearchState, 'query', SearchState.setQuery, { live: true })} />;
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function mount(ui: React.ReactNode, onServer?: (server: ScriptedServer) => void) {
  const server = await scriptedServer({ search: { query: '', limit: 10, exact: false, notes: [] } });
  const held: EventMessage[] = [];
  server.onEvent = (message) => held.push(message);
  onServer?.(server);
  const client = new CoreClient({ url: server.url, storage: memoryStorage() });
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => root.render(<CoreProvider client={client}>{ui}</CoreProvider>));
  cleanups.push(async () => {
    act(() => root.unmount());
    container.remove();
    client.close();
    await server.close();
  });
  await expect.poll(() => client.getStatus()).toBe('connected');
  const get = <T extends HTMLElement = HTMLInputElement>(id: string) =>
    container.querySelector(`[data-testid="${id}"]`) as T;
  return { server, held, get };
}

/** Types `text` into a React-controlled input as a browser does (one input event). */
function type(input: HTMLInputElement, text: string) {
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('useField', () => {
  it("never lets the server's echo of an earlier keystroke overwrite what is typed", async () => {
    const { server, held, get } = await mount(<Fields />);
    const query = get('query');
    act(() => query.focus());
    for (const text of ['h', 'he', 'hel', 'hell', 'hello']) type(query, text);
    await expect.poll(() => held.length).toBe(5);
    // The echoes arrive late, one by one: each is an earlier keystroke's value.
    for (const [i, message] of held.entries()) {
      await act(async () => server.patch([{ op: 'replace', path: ['search', 'query'], value: message.payload }]));
      await act(async () => server.sockets[0]?.emit('core:ack', { id: message.id, ok: true }));
      if (i < 4) expect(query.value).toBe('hello');
    }
    expect(held.map((m) => m.payload)).toEqual(['h', 'he', 'hel', 'hell', 'hello']);
    expect(query.value).toBe('hello');
    expect(query.getAttribute('aria-busy')).toBe('false');
  });

  it('shows a change made elsewhere once the field is left, and at once when it is not edited', async () => {
    const { server, held, get } = await mount(<Fields />);
    const query = get('query');
    act(() => query.focus());
    type(query, 'mine');
    await expect.poll(() => held.length).toBe(1);
    await act(async () => server.sockets[0]?.emit('core:ack', { id: held[0]?.id, ok: true }));
    await act(async () => server.patch([{ op: 'replace', path: ['search', 'query'], value: 'theirs' }]));
    expect(query.value).toBe('mine'); // still being edited
    act(() => query.blur());
    await expect.poll(() => query.value).toBe('theirs');
    await act(async () => server.patch([{ op: 'replace', path: ['search', 'query'], value: 'later' }]));
    await expect.poll(() => query.value).toBe('later');
  });

  it('sends numbers as numbers (and nothing for text that is not one), and checkboxes as booleans', async () => {
    const { held, get } = await mount(<Fields />);
    const limit = get('limit');
    act(() => limit.focus());
    type(limit, '');
    type(limit, '2x');
    type(limit, '25');
    await expect.poll(() => held.map((m) => m.payload)).toEqual([25]);
    expect(limit.value).toBe('25');
    act(() => get('exact').click());
    await expect.poll(() => held.map((m) => m.payload)).toEqual([25, true]);
    expect(get('exact').checked).toBe(true); // shown while in flight
  });
});

describe('useForm', () => {
  it('submits the named fields as one payload, shows pending, and puts field errors beside their fields', async () => {
    const { server, held, get } = await mount(<SignUp />);
    type(get('name'), 'taken');
    type(get('email'), 'nope');
    act(() => get<HTMLButtonElement>('submit').click());
    await expect.poll(() => held.length).toBe(1);
    expect(held[0]?.payload).toEqual({ name: 'taken', email: 'nope' }); // no hidden core: fields
    expect(get('status').textContent).toBe('pending');
    expect(get<HTMLButtonElement>('submit').disabled).toBe(true);
    const error = { code: 'INVALID_FIELDS', message: 'refused', fields: { name: 'The name is taken.', email: 'Bad.' } };
    await act(async () => server.sockets[0]?.emit('core:ack', { id: held[0]?.id, ok: false, error }));
    await expect.poll(() => get('name-error').textContent).toBe('The name is taken.');
    expect(get('email-error').textContent).toBe('Bad.');
    expect(get('status').textContent).toBe('error');
    expect(get('name').value).toBe('taken'); // the typed values stay
    expect(get('name').getAttribute('aria-invalid')).toBe('true');

    type(get('name'), 'ada');
    type(get('email'), 'ada@example.com');
    act(() => get<HTMLButtonElement>('submit').click());
    await expect.poll(() => held.length).toBe(2);
    await act(async () => server.sockets[0]?.emit('core:ack', { id: held[1]?.id, ok: true }));
    await expect.poll(() => get('status').textContent).toBe('success');
    expect(get('name-error').textContent).toBe('');
    expect(get('name').value).toBe(''); // reset on success
    expect(get('email').value).toBe('');
  });

  it('after a success empties the fields that still hold what was sent, and keeps what was typed since', async () => {
    const { server, held, get } = await mount(<SignUp />);
    type(get('name'), 'ada');
    type(get('email'), 'ada@example.com');
    act(() => get<HTMLButtonElement>('submit').click());
    await expect.poll(() => held.length).toBe(1);
    type(get('name'), 'grace'); // the next one, typed while the first is sent
    await act(async () => server.sockets[0]?.emit('core:ack', { id: held[0]?.id, ok: true }));
    await expect.poll(() => get('status').textContent).toBe('success');
    await expect.poll(() => get('email').value).toBe('');
    expect(get('name').value).toBe('grace');
  });

  it('renders a real form that posts without JavaScript: method post, the event and the tab token', async () => {
    const { get } = await mount(<SignUp />);
    const form = get<HTMLFormElement>('form');
    expect(form.getAttribute('method')).toBe('post');
    const hidden = Object.fromEntries(
      [...form.querySelectorAll('input[type="hidden"]')].map((i) => [i.getAttribute('name'), i.getAttribute('value')]),
    );
    expect(hidden).toEqual({ 'core:event': 'search.signUp', 'core:token': 'tok' });
  });

  it('uploads a chosen file through the upload path first, then sends the form with its name', async () => {
    const uploads: string[] = [];
    const { held, get } = await mount(<Profile />, (server) =>
      server.http.on('request', (req, res) => {
        if (!req.url?.startsWith('/_core/upload')) return;
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Access-Control-Allow-Headers', '*');
        if (req.method === 'OPTIONS') return void res.end();
        uploads.push(`${req.url} ${req.headers['x-core-token']}`);
        req.resume();
        req.on('end', () => res.end(JSON.stringify({ ok: true, size: 5 })));
      }),
    );
    type(get('name'), 'Ada');
    const file = new File(['hello'], 'me.png', { type: 'image/png' });
    const chosen = new DataTransfer();
    chosen.items.add(file);
    get('avatar').files = chosen.files;
    act(() => get<HTMLButtonElement>('submit').click());
    await expect.poll(() => held.length).toBe(1);
    expect(uploads).toEqual(['/_core/upload?state=search&handler=receiveAvatar tok']);
    expect(held[0]?.payload).toEqual({ name: 'Ada', avatar: 'me.png' });
  });
});

describe('useForm with optimistic', () => {
  it("shows the submitted fields' change before the server answers, then the server's state; a refusal rolls it back", async () => {
    const { server, held, get } = await mount(<Notes />);
    type(get('note'), 'milk');
    act(() => get<HTMLButtonElement>('submit').click());
    await expect.poll(() => get('notes').textContent).toBe('milk (sending)');
    await expect.poll(() => held.length).toBe(1);
    expect(held[0]?.payload).toEqual({ note: 'milk' });
    await act(async () => server.patch([{ op: 'add', path: ['search', 'notes', 0], value: 'milk' }], held[0]?.id));
    await act(async () => server.sockets[0]?.emit('core:ack', { id: held[0]?.id, ok: true }));
    await expect.poll(() => get('notes').textContent).toBe('milk');
    await expect.poll(() => get('note').value).toBe(''); // reset on success

    type(get('note'), 'x');
    act(() => get<HTMLButtonElement>('submit').click());
    await expect.poll(() => get('notes').textContent).toBe('milk, x (sending)');
    await expect.poll(() => held.length).toBe(2);
    const error = { code: 'INVALID_FIELDS', message: 'refused', fields: { note: 'Too short.' } };
    await act(async () => server.sockets[0]?.emit('core:ack', { id: held[1]?.id, ok: false, error }));
    await expect.poll(() => get('note-error').textContent).toBe('Too short.');
    expect(get('notes').textContent).toBe('milk');
    expect(get('note').value).toBe('x');
  });
});

describe('useField with live', () => {
  it('shows a change made elsewhere at once while the field has focus, when none of its sends is in flight', async () => {
    const { server, held, get } = await mount(<LiveField />);
    const query = get('query');
    act(() => query.focus());
    type(query, 'mine');
    await expect.poll(() => held.length).toBe(1);
    await act(async () => server.patch([{ op: 'replace', path: ['search', 'query'], value: 'old echo' }]));
    expect(query.value).toBe('mine'); // its own send is still in flight
    await act(async () => server.sockets[0]?.emit('core:ack', { id: held[0]?.id, ok: true }));
    await act(async () => server.patch([{ op: 'replace', path: ['search', 'query'], value: 'theirs' }]));
    await expect.poll(() => query.value).toBe('theirs');
    expect(document.activeElement).toBe(query);
  });
});
