import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
// The console's styles by area, in cascade order; components import their own beside them.
import './styles/page.css';
import './styles/data.css';
import './styles/graph.css';
import './styles/panels.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
