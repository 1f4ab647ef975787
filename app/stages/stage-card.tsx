import type { KeyboardEvent, Ref } from 'react';
import { STAGE_BY_ID, type StageInfo } from '../../parsers/stages.ts';
import type { IncidentStage } from '../../workers/incident.ts';
import { formatIn } from '../../workers/report/time.ts';
import { formatCount } from '../lib/format.ts';
import { ZoneHeading } from '../lib/zone-heading.tsx';
import { useStore } from '../store.ts';
import { STAGE_WHY } from './stage-why.ts';

/** Brings the log view into sight after its filter changed; it may not be on the page at all. */
export function scrollToLogView() {
  document.getElementById('log-view')?.scrollIntoView({ block: 'start' });
}

function WhyLine({ info }: { info: StageInfo }) {
  const why = STAGE_WHY[info.id];
  return (
    <p className="stage-why" data-testid="stage-why">
      {why.follows === null ? (
        <>
          <strong>Starts the cascade:</strong> {why.because}
        </>
      ) : (
        <>
          <strong>Follows {STAGE_BY_ID[why.follows].title}</strong> because {why.because}
        </>
      )}
    </p>
  );
}

export function StageCard({
  info,
  stage,
  step,
  tabIndex,
  cardRef,
  describedBy,
  onKeyDown,
  onFocus,
}: {
  info: StageInfo;
  stage: IncidentStage | undefined;
  step: number;
  /** 0 for the one card in the tab order (roving focus), -1 for the others. */
  tabIndex: number;
  cardRef: Ref<HTMLElement>;
  /** The id of the text that says how the keyboard moves between cards. */
  describedBy: string;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  onFocus: () => void;
}) {
  const display = useStore((s) => s.timeDisplay);
  const filtered = useStore((s) => s.logFilter.stages.length === 1 && s.logFilter.stages[0] === info.id);
  const setLogFilter = useStore((s) => s.setLogFilter);
  const titleId = `stage-${info.id}-title`;
  const seen = stage !== undefined && stage.count > 0;
  const title = stage?.title || info.title;

  return (
    <article
      ref={cardRef}
      className={`stage-card${seen ? '' : ' not-seen'}${filtered ? ' filtered' : ''}`}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      data-stage={info.id}
      tabIndex={tabIndex}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <div className="stage-head">
        <span className="step" aria-hidden="true">
          {step}
        </span>
        <h3 id={titleId}>{title}</h3>
      </div>
      {seen ? (
        <dl className="stage-facts">
          <div>
            <dt>
              <ZoneHeading text="First seen" display={display} />
            </dt>
            <dd data-testid="first-seen">{formatIn(stage.first, display)}</dd>
          </div>
          <div>
            <dt>
              <ZoneHeading text="Last seen" display={display} />
            </dt>
            <dd data-testid="last-seen">{formatIn(stage.last, display)}</dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd data-testid="count">{formatCount(stage.count)}</dd>
          </div>
          <div>
            <dt>Recoveries</dt>
            <dd data-testid="recoveries">{formatCount(stage.recoveries)}</dd>
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
      <WhyLine info={info} />
      {seen ? (
        <button
          type="button"
          className="small-button stage-filter"
          aria-pressed={filtered}
          tabIndex={-1}
          onClick={() => {
            setLogFilter({ stages: filtered ? [] : [info.id] });
            if (!filtered) scrollToLogView();
          }}
        >
          Show in the log view<span className="visually-hidden"> — {title}</span>
        </button>
      ) : null}
    </article>
  );
}
