import { useEffect, useState } from 'react';
import { droppedItems } from '../analysis/input-files.ts';
import { useStore } from '../store.ts';

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/**
 * The whole window is the drop zone while the landing shows: files, folders (walked for every file
 * inside) and archives (expanded by the engine). In other views a dropped file is
 * refused instead of letting the browser navigate away from the incident.
 */
export function WindowDropTarget() {
  const accepting = useStore((s) => s.phase === 'landing');
  const analyzeDropped = useStore((s) => s.analyzeDropped);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; a depth count says when the drag left the page.
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      if (accepting) setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = accepting ? 'copy' : 'none';
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      // The entries must be taken now: the item list is emptied once this handler returns.
      if (accepting && event.dataTransfer) void analyzeDropped(droppedItems(event.dataTransfer));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [accepting, analyzeDropped]);

  if (!dragging || !accepting) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <p>Drop to analyse — the files stay in this browser</p>
    </div>
  );
}
