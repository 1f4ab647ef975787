import { useSyncExternalStore } from 'react';
import { useStore } from '../store.ts';
import {
  dismissOfflineReady,
  offlineStatus,
  reloadIntoUpdate,
  subscribeOfflineStatus,
} from './service-worker.ts';

/** Says once that the app now works offline, and offers a newer build when one is waiting. */
export function OfflineNotice() {
  const { offlineReady, updateWaiting } = useSyncExternalStore(subscribeOfflineStatus, offlineStatus);
  // The dropped files exist only in this tab: a reload loses the analysis, so the user is told.
  const open = useStore((s) => s.phase !== 'landing');
  const shown = updateWaiting || offlineReady;
  return (
    <div className="notices">
      {/* Stays mounted so that screen readers announce the message when it appears. A polite live
          region, not role="status": the landing's one status is the analysis's (NoticeBar). */}
      <div
        aria-live="polite"
        aria-atomic="true"
        className={shown ? 'notice notice-info' : undefined}
        data-testid="offline-notice"
      >
        {updateWaiting ? (
          <>
            A new version of Cascade is available.
            {open ? ' Reloading closes the files open now; drop them again afterwards.' : null}{' '}
            <button type="button" className="small-button" onClick={() => void reloadIntoUpdate()}>
              Reload
            </button>
          </>
        ) : offlineReady ? (
          <>
            Ready to work offline: Cascade and its sample incident now load without a network.{' '}
            <button type="button" className="small-button" onClick={dismissOfflineReady}>
              Dismiss
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}
