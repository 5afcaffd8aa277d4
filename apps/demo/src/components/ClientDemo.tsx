import { registerClientFunction, useAppState, useEvent } from '@core/react';
import { useUpload } from '@core/react/upload';
import '../clientFunctions';
import { ClientState } from '../state/clientState';

registerClientFunction('innerWidth', () => window.innerWidth);
registerClientFunction('markVisited', () => {
  document.documentElement.dataset.visited = 'true';
});
registerClientFunction('pageText', () => 'x'.repeat(100_000));

/** Issues 13 and 28: storage vars, client actions, a client function, an upload and a streaming upload. */
export function ClientDemo() {
  const { theme, cookieValue, clientAnswer, uploadResult, streamReceived, streamResult } = useAppState(ClientState);
  const setTheme = useEvent(ClientState.setTheme);
  const setCookie = useEvent(ClientState.setCookie);
  const redirectHome = useEvent(ClientState.redirectHome);
  const save = useEvent(ClientState.save);
  const downloadReport = useEvent(ClientState.downloadReport);
  const askWidth = useEvent(ClientState.askWidth);
  const markVisited = useEvent(ClientState.markVisited);
  const askTooMuch = useEvent(ClientState.askTooMuch);
  const focusNote = useEvent(ClientState.focusNote);
  const upload = useUpload(ClientState.receiveUpload);
  const streamUpload = useUpload(ClientState.receiveStream, { args: { label: 'demo' } });
  return (
    <section>
      <h2>The browser from a handler</h2>
      <p>
        Theme (localStorage, synced across tabs): <span data-testid="theme-value">{theme}</span>{' '}
        <button type="button" data-testid="theme-dark" onClick={() => void setTheme('dark')}>
          Dark
        </button>{' '}
        <button type="button" data-testid="theme-light" onClick={() => void setTheme('light')}>
          Light
        </button>
      </p>
      <p>
        Cookie: <span data-testid="cookie-value">{cookieValue}</span>{' '}
        <button type="button" data-testid="set-cookie" onClick={() => void setCookie()}>
          Set cookie
        </button>
      </p>
      <p>
        <button type="button" data-testid="redirect-home" onClick={() => void redirectHome()}>
          Redirect home
        </button>{' '}
        <button type="button" data-testid="toast-button" onClick={() => void save()}>
          Save (toast)
        </button>{' '}
        <button type="button" data-testid="download-button" onClick={() => void downloadReport()}>
          Download report.txt
        </button>
      </p>
      <p>
        <button type="button" data-testid="call-client" onClick={() => void askWidth()}>
          Ask the page its width
        </button>{' '}
        <button type="button" data-testid="call-nothing" onClick={() => void markVisited()}>
          Call a function that returns nothing
        </button>{' '}
        <button type="button" data-testid="call-too-much" onClick={() => void askTooMuch()}>
          Ask for 100 kB
        </button>{' '}
        <span data-testid="client-answer">{clientAnswer}</span>
      </p>
      <p>
        <label>
          Note <input id="focus_target" />
        </label>{' '}
        <button type="button" data-testid="focus-note" onClick={() => void focusNote()}>
          Focus the note (by id)
        </button>
      </p>
      <p>
        <input
          type="file"
          data-testid="upload-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void upload.upload(file);
          }}
        />{' '}
        <span data-testid="upload-progress" data-status={upload.status}>
          {upload.status === 'error' || upload.status === 'cancelled'
            ? (upload.error?.message ?? upload.status)
            : `${Math.round(upload.progress * 100)}%`}
        </span>{' '}
        {upload.status === 'uploading' && (
          <button type="button" onClick={upload.cancel}>
            Cancel
          </button>
        )}{' '}
        <span data-testid="upload-result">{uploadResult}</span>
      </p>
      <p>
        <input
          type="file"
          multiple
          data-testid="stream-upload-input"
          onChange={(event) => {
            if (event.target.files?.length) void streamUpload.upload(event.target.files);
          }}
        />{' '}
        <span data-testid="stream-upload-status" data-status={streamUpload.status}>
          {streamUpload.error?.message ?? streamUpload.status}
        </span>{' '}
        <span data-testid="stream-received">{streamReceived}</span>
      </p>
      <ul data-testid="stream-result">
        {streamResult.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
