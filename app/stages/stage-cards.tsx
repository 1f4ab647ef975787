import { type KeyboardEvent, useRef, useState } from 'react';
import { STAGES } from '../../parsers/stages.ts';
import type { Incident } from '../../workers/incident.ts';
import { useStore } from '../store.ts';
import { rovingTarget } from './roving.ts';
import { StageCard, scrollToLogView } from './stage-card.tsx';

/**
 * One card per stage in cascade order, including the stages the bundle never reached. The cards are
 * one stop in the tab order (roving focus): the arrow keys, Home and End move between them, and Enter
 * narrows the log view to the focused stage.
 */
export function StageCards({ incident }: { incident: Incident }) {
  const setLogFilter = useStore((s) => s.setLogFilter);
  const [active, setActive] = useState(0);
  const cards = useRef<(HTMLElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent<HTMLElement>, index: number) {
    // Keys pressed on the card's own button are the button's.
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter') {
      const stage = incident.stages.find((s) => s.id === STAGES[index]?.id);
      if (!stage || stage.count === 0) return;
      event.preventDefault();
      setLogFilter({ stages: [stage.id] });
      scrollToLogView();
      return;
    }
    const target = rovingTarget(event.key, index, STAGES.length);
    if (target === null) return;
    event.preventDefault();
    setActive(target);
    cards.current[target]?.focus();
  }

  return (
    <section className="panel" aria-labelledby="stages-title">
      <h2 id="stages-title">Stages of the cascade</h2>
      <p id="stage-keys" className="muted small stage-keys">
        Arrow keys move between the stages; Enter shows the focused stage's lines in the log view.
      </p>
      <div className="stage-grid">
        {STAGES.map((info, i) => (
          <StageCard
            key={info.id}
            info={info}
            step={i + 1}
            stage={incident.stages.find((s) => s.id === info.id)}
            tabIndex={i === active ? 0 : -1}
            cardRef={(el) => {
              cards.current[i] = el;
            }}
            describedBy="stage-keys"
            onKeyDown={(e) => onKeyDown(e, i)}
            onFocus={() => setActive(i)}
          />
        ))}
      </div>
    </section>
  );
}
