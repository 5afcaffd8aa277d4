import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';

/**
 * A component whose module is loaded the first time it renders (render it inside `<Suspense>`).
 * When its chunk cannot be loaded (a deploy replaced it), it renders nothing rather than taking
 * the app down.
 */
export function lazyView<TProps>(
  load: () => Promise<{ default: (props: TProps) => ReactNode }>,
): LazyExoticComponent<ComponentType<TProps>> {
  return lazy(() => load().catch(() => ({ default: () => null })));
}
