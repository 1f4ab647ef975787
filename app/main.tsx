import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { startOfflineSupport } from './offline/service-worker.ts';
import './styles.css';
import { bindTheme } from './view/bind-theme.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// Before the first render, so the page never paints in the other palette.
bindTheme();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
startOfflineSupport();
