import { useStore } from '../store.ts';

/** Live regions stay mounted so that screen readers announce a failure or a cancel when it happens. */
export function NoticeBar() {
  const notice = useStore((s) => s.notice);
  return (
    <div className="notices">
      <div role="alert" className={notice?.kind === 'error' ? 'notice notice-error' : undefined}>
        {notice?.kind === 'error' ? notice.text : null}
      </div>
      <div role="status" className={notice?.kind === 'info' ? 'notice notice-info' : undefined}>
        {notice?.kind === 'info' ? notice.text : null}
      </div>
    </div>
  );
}
