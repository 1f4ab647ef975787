// Composes the features; each reads the store itself and none imports another.
import { FindingsList } from './findings/findings-list.tsx';
import { AnalysisStatus } from './ingest/analysis-status.tsx';
import { Landing } from './ingest/landing.tsx';
import { WindowDropTarget } from './ingest/window-drop-target.tsx';
import { NoticeBar } from './notices/notice-bar.tsx';
import { SourcesPanel } from './sources/sources-panel.tsx';
import { StageCards } from './stages/stage-cards.tsx';
import { useStore } from './store.ts';
import { IncidentSummary } from './summary/incident-summary.tsx';
import { TimelineSection } from './timeline/timeline-section.tsx';

function ResultView() {
  const incident = useStore((s) => s.incident);
  if (!incident) return null;
  const empty = incident.events.length === 0;
  return (
    <main className="result">
      <IncidentSummary incident={incident} />
      {empty ? null : <TimelineSection incident={incident} />}
      {empty ? null : <StageCards incident={incident} />}
      {empty && incident.findings.length === 0 ? null : <FindingsList findings={incident.findings} />}
      <SourcesPanel />
    </main>
  );
}

export function App() {
  const phase = useStore((s) => s.phase);
  return (
    <>
      <NoticeBar />
      {phase === 'landing' ? <Landing /> : null}
      {phase === 'analysing' ? (
        <main className="analysing" aria-busy="true">
          <AnalysisStatus />
          <SourcesPanel />
        </main>
      ) : null}
      {phase === 'result' ? <ResultView /> : null}
      <WindowDropTarget />
    </>
  );
}
