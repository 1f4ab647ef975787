// The bar at the top of every page: how times are shown (once there is a result) and the theme.
import { useStore } from '../store.ts';
import { ThemeToggle } from './theme-toggle.tsx';
import { TimeDisplayControl } from './time-display-control.tsx';

export function ViewToolbar() {
  const result = useStore((s) => s.phase === 'result');
  // The landing names the app in its own heading.
  const landing = useStore((s) => s.phase === 'landing');
  return (
    <header className="view-bar">
      <div className="view-bar-inner">
        {landing ? <span /> : <span className="view-bar-brand">Cascade</span>}
        <div className="view-bar-controls">
          {result ? <TimeDisplayControl /> : null}
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
