import { CoreProvider } from '@core/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs <div id="root">');
createRoot(root).render(
  <StrictMode>
    <CoreProvider fallback={<p>Connecting…</p>}>
      <App />
    </CoreProvider>
  </StrictMode>,
);
