import type { WireErrorReport } from '@core/state/protocol';

/** An event's failure, as the `Promise` of a dispatched event rejects with it. */
export class EventError extends Error {
  override name = 'EventError';
  readonly code: string;
  readonly handler: string | undefined;
  /** The form fields the handler or its schema refused: field name → message (`''`: the whole payload). */
  readonly fields: Readonly<Record<string, string>> | undefined;
  constructor(report: WireErrorReport) {
    super(report.message);
    this.code = report.code;
    this.handler = report.handler;
    this.fields = report.fields;
  }
}
