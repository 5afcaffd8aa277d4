import type { WireErrorCode, WireErrorReport } from '@core/state/protocol';

/**
 * An event's failure, as the `Promise` of a dispatched event rejects with it. `code` is one of the
 * closed set a page can receive (`WireErrorCode`: the runtime's and the transport's); an upload's
 * failure (`UploadError`) narrows it to the upload's codes.
 */
export class EventError<TCode extends string = WireErrorCode> extends Error {
  override name = 'EventError';
  readonly code: TCode;
  readonly handler: string | undefined;
  /** The form fields the handler or its schema refused: field name → message (`''`: the whole payload). */
  readonly fields: Readonly<Record<string, string>> | undefined;
  constructor(report: Omit<WireErrorReport, 'code'> & { readonly code: TCode }) {
    super(report.message);
    this.code = report.code;
    this.handler = report.handler;
    this.fields = report.fields;
  }
}
