import { useStore } from '../store.ts';

/** Live regions stay mounted so that screen readers announce a failure or a cancel when it happens. */
export function NoticeBar() {
  const notice = useStore((s) => s.notice);
  const landing = useStore((s) => s.phase === 'landing');
  // A warning (part of a drop could not be read) is as urgent as an error: the result lacks files.
  const alert = notice?.kind === 'error' || notice?.kind === 'warning' ? notice : null;
  return (
    <div className="notices">
      <div role="alert" className={alert ? `notice notice-${alert.kind}` : undefined}>
        {alert?.text ?? null}
        {/* A run that failed leaves the landing on screen: say what to do with it. */}
        {alert?.kind === 'error' && landing ? (
          <span className="notice-hint">
            {'\n'}Drop other files, folders or archives (logs as text, or .tar.gz, .tar.xz, .zip, .gz, .xz of
            them), or try the sample incident to see what Cascade shows.
          </span>
        ) : null}
      </div>
      <div role="status" className={notice?.kind === 'info' ? 'notice notice-info' : undefined}>
        {notice?.kind === 'info' ? notice.text : null}
      </div>
    </div>
  );
}
