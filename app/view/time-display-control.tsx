// Which clock the times on the page are shown in: UTC (the default), the browser's zone, or a zone
// the user names. Only the display changes; the analysis and its UTC times stay as they are.
import { useId, useState } from 'react';
import { browserZone } from '../../workers/report/time.ts';
import { ApplyField } from '../lib/apply-field.tsx';
import { useStore } from '../store.ts';
import { DISPLAY_ZONES, displayForZone, parseDisplayZone } from './time-display.ts';

export function TimeDisplayControl() {
  const display = useStore((s) => s.timeDisplay);
  const setTimeDisplay = useStore((s) => s.setTimeDisplay);
  // "Another zone" shows its field before a zone is applied; the times change once one is.
  const [naming, setNaming] = useState(false);
  const name = useId();
  const listId = useId();
  const mode = naming ? 'zone' : display.mode;

  return (
    <div className="time-display">
      <fieldset className="segmented">
        <legend>Show times in</legend>
        <div className="segment-options">
          <label>
            <input
              type="radio"
              name={name}
              value="utc"
              checked={mode === 'utc'}
              onChange={() => {
                setNaming(false);
                setTimeDisplay({ mode: 'utc' });
              }}
            />
            UTC
          </label>
          <label>
            <input
              type="radio"
              name={name}
              value="local"
              checked={mode === 'local'}
              onChange={() => {
                setNaming(false);
                setTimeDisplay({ mode: 'local' });
              }}
            />
            Browser time <span className="segment-note">({browserZone()})</span>
          </label>
          <label>
            <input
              type="radio"
              name={name}
              value="zone"
              checked={mode === 'zone'}
              onChange={() => setNaming(true)}
            />
            Another zone
          </label>
        </div>
      </fieldset>
      {mode === 'zone' ? (
        <>
          <datalist id={listId}>
            {DISPLAY_ZONES.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <ApplyField
            label="Time zone to show times in"
            applyLabel="Apply the zone to show times in"
            chosen={display.mode === 'zone' ? display.zone : undefined}
            showChosen={false}
            parse={(text) => parseDisplayZone(text)}
            onApply={(zone) => {
              const next = displayForZone(zone);
              setNaming(next.mode === 'zone');
              setTimeDisplay(next);
            }}
            inputProps={{
              className: 'zone-input display-zone-input',
              list: listId,
              placeholder: 'Asia/Shanghai',
              autoComplete: 'off',
              spellCheck: false,
            }}
          />
        </>
      ) : null}
    </div>
  );
}
