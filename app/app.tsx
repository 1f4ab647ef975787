// Composes the features; each reads the store itself and none imports another.
import { useCallback, useMemo } from 'react';
import type { IncidentEvent } from '../workers/incident.ts';
import { EpisodeList } from './episodes/episode-list.tsx';
import { episodeLabels, incidentForEpisode } from './episodes/episode-view.ts';
import { ExportMenu } from './export/export-menu.tsx';
import { FindingsList } from './findings/findings-list.tsx';
import { HostsPanel } from './hosts/hosts-panel.tsx';
import { AnalysisStatus } from './ingest/analysis-status.tsx';
import { Landing } from './ingest/landing.tsx';
import { WindowDropTarget } from './ingest/window-drop-target.tsx';
import { filterEvents, inTimeOrder, isFiltering } from './logview/filter.ts';
import { LogView } from './logview/log-view.tsx';
import { NoticeBar } from './notices/notice-bar.tsx';
import { SourceFailures } from './notices/source-failures.tsx';
import { OfflineNotice } from './offline/offline-notice.tsx';
import { ShareButton } from './share/share-dialog.tsx';
import { SnapshotBanner } from './share/snapshot-banner.tsx';
import { useShareFragment } from './share/use-share-fragment.ts';
import { SourcesPanel } from './sources/sources-panel.tsx';
import { StageCards } from './stages/stage-cards.tsx';
import { useStore } from './store.ts';
import { IncidentSummary } from './summary/incident-summary.tsx';
import { NoIncident } from './summary/no-incident.tsx';
import { TimelineSection } from './timeline/timeline-section.tsx';
import { ViewToolbar } from './view/view-toolbar.tsx';

function ResultView() {
  const incident = useStore((s) => s.incident);
  const episode = useStore((s) => s.episode);
  const shown = useMemo(() => (incident ? incidentForEpisode(incident, episode) : null), [incident, episode]);
  const labels = useMemo(() => episodeLabels(incident?.episodes), [incident]);
  // The CSV export holds the log view's rows: its filters applied when the export is made.
  const logEvents = useCallback(() => {
    if (!shown) return { events: [], filtered: false };
    const events = inTimeOrder(shown.events);
    const filter = useStore.getState().logFilter;
    const { rows, query } = filterEvents(events, filter);
    return {
      events: Array.from(rows, (i) => events[i] as IncidentEvent),
      filtered: isFiltering(filter, query),
    };
  }, [shown]);
  if (!incident || !shown) return null;
  const empty = incident.events.length === 0;
  const episodes = incident.episodes ?? [];
  return (
    <main className="result">
      <SnapshotBanner />
      <div className="result-actions">
        <ExportMenu
          incident={shown}
          logEvents={logEvents}
          scope={episode && labels[episode] ? `${labels[episode]} of ${episodes.length}` : null}
        />
        <ShareButton incident={incident} />
      </div>
      <IncidentSummary incident={incident} />
      <SourceFailures incident={incident} />
      {empty ? <NoIncident incident={incident} /> : null}
      {episodes.length > 0 ? <EpisodeList episodes={episodes} labels={labels} /> : null}
      {empty ? null : <TimelineSection incident={shown} />}
      {empty ? null : <StageCards incident={shown} />}
      {empty && incident.findings.length === 0 ? null : (
        <FindingsList findings={shown.findings} episodeLabels={labels} />
      )}
      <LogView incident={shown} />
      {incident.hosts.length > 0 ? <HostsPanel hosts={incident.hosts} /> : null}
      <SourcesPanel />
    </main>
  );
}

export function App() {
  const phase = useStore((s) => s.phase);
  useShareFragment();
  return (
    <>
      <ViewToolbar />
      <NoticeBar />
      <OfflineNotice />
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
