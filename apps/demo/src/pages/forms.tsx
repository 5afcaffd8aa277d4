import { useAppState, useEvent } from '@core/react';
import { Form, useField, useForm } from '@core/react/forms';
import { useState } from 'react';
import { ClickState, SearchState, SignUpState, TodoState } from '../state/formsState';

export const head = () => ({ title: 'Forms and inputs' });

/** `/forms`: a form that works without JavaScript, a debounced bound input, optimistic adds, a throttled button. */
export default function FormsPage() {
  return (
    <section>
      <h1>Forms and inputs</h1>
      <SignUp />
      <Search />
      <Todos />
      <Throttled />
    </section>
  );
}

function SignUp() {
  const signUp = useForm(SignUpState.signUp);
  const welcome = useAppState(SignUpState, (s) => s.welcome);
  return (
    <Form form={signUp} data-testid="signup-form" noValidate>
      <h2>Sign up</h2>
      <SignUpField form={signUp} name="name" label="Name" />
      <SignUpField form={signUp} name="email" label="Email" />
      <button type="submit" data-testid="signup-submit" disabled={signUp.pending}>
        Sign up
      </button>{' '}
      {signUp.pending && (
        <span className="muted" data-testid="signup-pending">
          Signing up…
        </span>
      )}
      {signUp.formError && <span className="field-error">{signUp.formError}</span>}
      <p data-testid="signup-result">{welcome}</p>
    </Form>
  );
}

/** One input of the sign-up form with its error beside it (test ids `signup-<name>`, `signup-error-<name>`). */
function SignUpField({ form, name, label }: { form: SignUpForm; name: 'name' | 'email'; label: string }) {
  return (
    <p>
      <label>
        {label} <input data-testid={`signup-${name}`} autoComplete="off" {...form.field(name)} />
      </label>{' '}
      <span className="field-error" data-testid={`signup-error-${name}`}>
        {form.errors[name] ?? ''}
      </span>
    </p>
  );
}

type SignUpForm = ReturnType<typeof useForm<typeof SignUpState.signUp>>;

function Search() {
  const query = useField(SearchState, 'query', SearchState.setQuery, { debounce: 150 });
  const { echo, runs } = useAppState(SearchState);
  return (
    <div>
      <h2>Search</h2>
      <input data-testid="search-input" placeholder="Type to search" autoComplete="off" {...query} />
      <p>
        The server saw <q data-testid="search-echo">{echo}</q> after <span data-testid="search-events">{runs}</span>{' '}
        runs.
      </p>
    </div>
  );
}

function Todos() {
  const items = useAppState(TodoState, (s) => s.items);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const add = useEvent(TodoState.add, {
    preventDefault: true,
    optimistic: (draft, added) => {
      draft.items.push({ id: `pending-${draft.items.length}`, text: added, pending: true });
    },
  });
  return (
    <form
      onSubmit={(event) => {
        setError('');
        setText('');
        add(event, text).catch((failure) => setError(failure.fields?.text ?? failure.message));
      }}
    >
      <h2>To-do</h2>
      <input
        data-testid="todo-input"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="Something to do"
      />{' '}
      <button type="submit" data-testid="todo-add">
        Add
      </button>{' '}
      <span className="field-error" data-testid="todo-error">
        {error}
      </span>
      <ul>
        {items.map((item) => (
          <li key={item.id} data-testid="todo-item" className={item.pending ? 'muted' : undefined}>
            {item.text}
          </li>
        ))}
      </ul>
    </form>
  );
}

function Throttled() {
  const count = useAppState(ClickState, (s) => s.count);
  const click = useEvent(ClickState.click, { throttle: 500 });
  return (
    <div>
      <h2>Throttled</h2>
      <button type="button" data-testid="throttle-button" onClick={click}>
        Click (at most one per 500 ms reaches the server)
      </button>{' '}
      <span data-testid="throttle-count">{count}</span>
    </div>
  );
}
