// Opens a share link: when the page's fragment holds one (at load, or when it changes), it is
// decoded and validated here in the page, never sent anywhere, and shown as a read-only snapshot or
// refused with the reason. Leaving the snapshot takes the fragment off the address.
import { useEffect } from 'react';
import { isShareFragment, readShareFragment } from '../../workers/share/share-link.ts';
import { useStore } from '../store.ts';

function openFragment() {
  const hash = location.hash;
  if (!isShareFragment(hash)) return;
  const read = readShareFragment(hash);
  if (read.ok) useStore.getState().openSnapshot(read.payload);
  else useStore.getState().snapshotFailed(read.error);
}

export function useShareFragment(): void {
  useEffect(() => {
    openFragment();
    window.addEventListener('hashchange', openFragment);
    // Once the snapshot is left (or a new analysis starts), the address no longer names it.
    const unsubscribe = useStore.subscribe((state, before) => {
      if (before.snapshot && !state.snapshot && isShareFragment(location.hash)) {
        history.replaceState(null, '', `${location.pathname}${location.search}`);
      }
    });
    return () => {
      window.removeEventListener('hashchange', openFragment);
      unsubscribe();
    };
  }, []);
}
