import { useAppState } from '@core/react';
import { useRouter } from '@core/react/pages';
import { TaskState } from '../state/taskState';

export const head = () => ({ title: 'About' });

/** `/about`: a second page. The counter's state is the same one: navigating keeps it. */
export default function AboutPage() {
  const { path } = useRouter();
  const counter = useAppState(TaskState, (s) => s.counter);
  return (
    <>
      <h1 data-testid="about-title">About</h1>
      <p>
        Each file in <code>src/pages</code> is a page: this one is <code>{path}</code>. The counter is still{' '}
        <strong data-testid="about-counter">{counter}</strong>; links change the page without reloading it.
      </p>
    </>
  );
}
