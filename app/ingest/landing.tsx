import { type ChangeEvent, useRef } from 'react';
import { userInput } from '../analysis/input-files.ts';
import { useStore } from '../store.ts';

export function Landing() {
  const analyzeFiles = useStore((s) => s.analyzeFiles);
  const analyzeSample = useStore((s) => s.analyzeSample);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const onPicked = (event: ChangeEvent<HTMLInputElement>) => {
    // A folder picker names each file by its path from the chosen folder (`webkitRelativePath`).
    const files = Array.from(event.currentTarget.files ?? [], userInput);
    // Cleared so that picking the same files again still starts an analysis.
    event.currentTarget.value = '';
    void analyzeFiles(files);
  };

  return (
    <main className="landing" data-testid="drop-zone" aria-labelledby="landing-title">
      <div className="landing-card">
        <h1 id="landing-title" className="brand-title">
          <img src="./favicon.svg" alt="" width="36" height="36" />
          Cascade
        </h1>
        <p className="tagline">
          Timeline of a CephFS kernel-client eviction cascade from your node logs — nothing leaves your
          browser
        </p>

        <div className="drop-box">
          <p className="drop-box-lead">Drop log files, folders or archives anywhere on this page</p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => filesInput.current?.click()}>
              Choose files…
            </button>
            <button type="button" onClick={() => folderInput.current?.click()}>
              Choose a folder…
            </button>
            <button type="button" onClick={() => void analyzeSample()}>
              Try the sample incident
            </button>
          </div>
          <input
            ref={filesInput}
            type="file"
            multiple
            hidden
            aria-label="Choose log files"
            onChange={onPicked}
          />
          {/* React drops a boolean `true` for an attribute it does not know (it sets only strings),
              so the non-standard folder attribute is given as the empty string. */}
          <input
            ref={folderInput}
            type="file"
            webkitdirectory=""
            hidden
            aria-label="Choose a folder of logs"
            onChange={onPicked}
          />
        </div>

        <section aria-labelledby="what-to-drop" className="what-to-drop">
          <h2 id="what-to-drop">What to drop, from every node that had the CephFS mount</h2>
          <ul>
            <li>
              raw <code>dmesg</code> output (boot-relative seconds are turned into wall-clock time)
            </li>
            <li>
              a <code>journalctl</code> export in the default short format, e.g.{' '}
              <code>journalctl -o short --no-pager &gt; journal.log</code>
            </li>
            <li>
              the kubelet log in klog format, e.g. <code>/var/log/kubelet.log</code>
            </li>
            <li>
              <code>ceph config dump</code> from the cluster, for the MDS session settings
            </li>
            <li>
              or whole bundles: a <code>sosreport</code> (<code>.tar.xz</code>), an{' '}
              <code>oc adm must-gather</code> folder or tarball, a <code>.zip</code>, rotated <code>.gz</code>
              /<code>.xz</code> logs, or a folder with a subfolder per node
            </li>
          </ul>
          <p className="muted">
            Several files, folders and archives at once are fine; archives are unpacked and every file is read
            in your browser by a background worker, never uploaded.
          </p>
        </section>
      </div>
    </main>
  );
}
