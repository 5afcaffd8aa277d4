import type { WireErrorReport } from '@core/state/protocol';
import { Suspense, useEffect, useState } from 'react';
import { useCoreClient } from './coreContext.js';
import { lazyView } from './lazyView.js';

// Its look is loaded with the first failure: a page that never fails never downloads it.
const ErrorReport = lazyView(() => import('./ErrorReport.js'));

/**
 * Shows the last failure the server reported for this tab (a handler that threw, a refused
 * event) until dismissed. In development the report carries the message and stack. Refused form
 * fields are left to the form, which shows them beside its fields. Test id: `core-error`.
 */
export function ErrorBanner() {
  const client = useCoreClient();
  const [error, setError] = useState<WireErrorReport | undefined>();
  useEffect(() => client.onError((report) => report.fields === undefined && setError(report)), [client]);
  if (!error) return null;
  return (
    <Suspense>
      <ErrorReport error={error} dismiss={() => setError(undefined)} />
    </Suspense>
  );
}
