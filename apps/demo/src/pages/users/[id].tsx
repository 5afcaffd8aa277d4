import { useAppState } from '@core/react';
import { type HeadArgs, useRouter } from '@core/react/pages';
import { UserState } from '../../state/userState';

/** Runs on the server each time the page is entered, with the new router data. */
export const onLoad = [UserState.load()];

export const head = ({ params }: HeadArgs<'/users/:id'>) => ({ title: `User ${params.id}` });

export default function UserPage() {
  const { loading } = useRouter<'/users/:id'>();
  const user = useAppState(UserState);
  return (
    <section>
      <h1>User</h1>
      {loading ? (
        <p className="muted" data-testid="user-loading">
          Loading…
        </p>
      ) : (
        <dl>
          <dt>Id</dt>
          <dd data-testid="user-id">{user.id}</dd>
          <dt>Name</dt>
          <dd data-testid="user-name">{user.name}</dd>
        </dl>
      )}
      <p className="muted">
        On-load events run for this tab: <span data-testid="user-loads">{user.loads}</span>
      </p>
    </section>
  );
}
