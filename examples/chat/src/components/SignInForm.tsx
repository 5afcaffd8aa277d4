import { Form, useForm } from '@core/react/forms';
import { AccountState } from '../state/account';

/** Sign in with a name: a real form, so it also posts before the page's script has loaded. */
export function SignInForm() {
  const signIn = useForm(AccountState.signIn);
  return (
    <Form form={signIn} className="sign-in" noValidate>
      <label htmlFor="sign-in-name">Your name</label>
      <input
        id="sign-in-name"
        data-testid="chat-sign-in-name"
        placeholder="Ada"
        autoComplete="nickname"
        {...signIn.field('name')}
      />
      <button type="submit" data-testid="chat-sign-in" disabled={signIn.pending}>
        Sign in
      </button>
      {signIn.errors.name && (
        <span className="field-error" data-testid="chat-sign-in-error">
          {signIn.errors.name}
        </span>
      )}
    </Form>
  );
}
