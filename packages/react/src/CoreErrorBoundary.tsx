import { Component, type ErrorInfo, type ReactNode } from 'react';

/** What a custom render-error fallback gets: the error, and `retry` to render the children again. */
export interface ErrorFallbackProps {
  readonly error: unknown;
  readonly retry: () => void;
}

/** A fallback element, or a function of {@link ErrorFallbackProps}. */
export type ErrorFallback = ReactNode | ((props: ErrorFallbackProps) => ReactNode);

interface CoreErrorBoundaryProps {
  /** Told of each render error (the server gets it). */
  readonly report: (error: unknown, componentStack: string | undefined) => void;
  readonly fallback?: ErrorFallback;
  readonly children?: ReactNode;
}

/**
 * The error boundary of `CoreProvider`: a render error below it is reported to the server and
 * replaced by the fallback (by default a line and a "Try again" button; test ids
 * `core-render-error`, `core-render-error-retry`) instead of unmounting the whole page.
 */
export class CoreErrorBoundary extends Component<CoreErrorBoundaryProps, { caught?: { error: unknown } }> {
  override state: { caught?: { error: unknown } } = {};

  static getDerivedStateFromError(error: unknown) {
    // Boxed: `throw undefined` is a render error too.
    return { caught: { error } };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.props.report(error, info.componentStack ?? undefined);
  }

  retry = (): void => this.setState({ caught: undefined });

  override render(): ReactNode {
    const { caught } = this.state;
    if (!caught) return this.props.children;
    const { fallback } = this.props;
    if (typeof fallback === 'function') return fallback({ error: caught.error, retry: this.retry });
    if (fallback !== undefined) return fallback;
    return (
      <div role="alert" data-testid="core-render-error">
        Something went wrong here.{' '}
        <button type="button" data-testid="core-render-error-retry" onClick={this.retry}>
          Try again
        </button>
      </div>
    );
  }
}
