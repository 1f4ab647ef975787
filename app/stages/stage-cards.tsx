import { STAGES } from '../../parsers/stages.ts';
import type { Incident } from '../../workers/incident.ts';
import { StageCard } from './stage-card.tsx';

/** One card per stage in cascade order, including the stages the bundle never reached. */
export function StageCards({ incident }: { incident: Incident }) {
  return (
    <section className="panel" aria-labelledby="stages-title">
      <h2 id="stages-title">Stages of the cascade</h2>
      <div className="stage-grid">
        {STAGES.map((info, i) => (
          <StageCard
            key={info.id}
            info={info}
            step={i + 1}
            stage={incident.stages.find((s) => s.id === info.id)}
          />
        ))}
      </div>
    </section>
  );
}
