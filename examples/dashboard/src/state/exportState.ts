import { type Chain, defineState, sleep } from '@core/state';
import type { Sample } from '../metrics';
import { CSV_HEADER, csvLine } from './csv';
import { appendLog, LogState } from './logState';
import { MetricsState } from './metricsState';

/** Where an export is: not started, under way, ready to download, cancelled, or failed. */
export type ExportStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/**
 * How long writing one row takes, in ms: a stand-in for real work (a query, a file upload). The
 * browser specs set `DASHBOARD_EXPORT_ROW_MS` to make an export quick, or slow enough to cancel.
 */
const rowMs = Math.max(0, Number(process.env.DASHBOARD_EXPORT_ROW_MS ?? 20) || 0);

/**
 * Per tab: a CSV export of the samples the server keeps, built by a background task. The page
 * shows its progress live, can cancel it, and downloads the file once it is done. The CSV itself
 * is a backend var (`_csv`): it stays on the server until the page asks for it.
 */
export const ExportState = defineState('export', {
  vars: { status: 'idle' as ExportStatus, done: 0, total: 0, filename: '', _csv: '' },
  computed: { percent: (s) => (s.total === 0 ? 0 : Math.floor((s.done / s.total) * 100)) },
  events: {
    start(): Chain {
      return ExportState.exportCsv();
    },
    cancel(_s, _: void, ctx) {
      ctx.cancel(ExportState.exportCsv);
    },
    download(s, _: void, ctx) {
      if (s.status !== 'done') return;
      ctx.client.download({ data: s._csv, filename: s.filename, mimeType: 'text/csv' });
    },
  },
  background: {
    exportCsv: {
      exclusive: 'skip', // a second click while one runs does nothing
      async run(task) {
        // Take the samples as they are now (under the app document's lock), and announce the export.
        const rows: Sample[] = await task.modify(async (s, tx) => {
          const samples = (await tx.get(MetricsState)).samples.slice();
          s.status = 'running';
          s.done = 0;
          s.total = samples.length;
          s._csv = '';
          s.filename = `metrics-${samples[0]?.seq ?? 0}-${samples.at(-1)?.seq ?? 0}.csv`;
          appendLog(await tx.get(LogState), 'info', `Export of ${samples.length} samples started`);
          return samples;
        });
        // About 100 progress updates, whatever the size; the lock is held only inside modify.
        const step = Math.max(1, Math.ceil(rows.length / 100));
        const lines = [CSV_HEADER];
        for (let i = 0; i < rows.length; i += step) {
          const part = rows.slice(i, i + step);
          lines.push(...part.map(csvLine));
          await sleep(rowMs * part.length, task.signal); // rejects at once when cancelled
          await task.modify((s) => {
            s.done = i + part.length;
          });
        }
        await task.modify(async (s, tx) => {
          s._csv = `${lines.join('\n')}\n`;
          s.status = 'done';
          appendLog(await tx.get(LogState), 'ok', `Export of ${rows.length} samples finished`);
        });
      },
    },
  },
  /** However the task ended: a cancel or a failure leaves no half-built file behind. */
  async onTaskEnd(s, { name, reason }, ctx) {
    if (name !== 'exportCsv' || reason === 'done') return;
    s.status = reason === 'error' ? 'failed' : 'cancelled';
    s._csv = '';
    appendLog(await ctx.get(LogState), 'info', `Export ${s.status} at ${s.done} of ${s.total} rows`);
  },
});
