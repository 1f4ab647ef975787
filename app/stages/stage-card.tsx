import type { StageInfo } from '../../parsers/stages.ts';
import type { IncidentStage } from '../../workers/incident.ts';
import { formatCount, plural } from '../lib/format.ts';
import { formatUtc } from '../lib/time.ts';

export function StageCard({
  info,
  stage,
  step,
}: {
  info: StageInfo;
  stage: IncidentStage | undefined;
  step: number;
}) {
  const titleId = `stage-${info.id}-title`;
  const seen = stage !== undefined && stage.count > 0;

  return (
    <article
      className={`stage-card${seen ? '' : ' not-seen'}`}
      aria-labelledby={titleId}
      data-stage={info.id}
    >
      <div className="stage-head">
        <span className="step" aria-hidden="true">
          {step}
        </span>
        <h3 id={titleId}>{stage?.title || info.title}</h3>
      </div>
      {seen ? (
        <dl className="stage-facts">
          <div>
            <dt>First seen</dt>
            <dd data-testid="first-seen">{formatUtc(stage.first)}</dd>
          </div>
          <div>
            <dt>Last seen</dt>
            <dd data-testid="last-seen">{formatUtc(stage.last)}</dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd>
              <span data-testid="count">{formatCount(stage.count)}</span>
              {stage.recoveries > 0 ? (
                <span className="muted" data-testid="recoveries">
                  {' '}
                  ({plural(stage.recoveries, 'recovery', 'recoveries')})
                </span>
              ) : null}
            </dd>
          </div>
          <div className="wide">
            <dt>Hosts affected</dt>
            <dd data-testid="hosts">{stage.hosts.length > 0 ? stage.hosts.join(', ') : '—'}</dd>
          </div>
        </dl>
      ) : (
        <p className="not-seen-text" data-testid="not-seen">
          Not seen in this bundle
        </p>
      )}
      <p className="annotation">{stage?.annotation || info.annotation}</p>
    </article>
  );
}
