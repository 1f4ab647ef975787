// The log view's filter controls. What they set lives in the store (`logFilter`), so a stage card or a
// chart can narrow the view too; the rows follow through the pure `filterEvents` (events) or
// `filterWindowLines` (all lines of a window, which the stage and severity filters do not narrow).
import { useId } from 'react';
import { STAGE_BY_ID, type StageId } from '../../parsers/stages.ts';
import { formatCount } from '../lib/format.ts';
import { type LogFilter, useStore } from '../store.ts';
import { type FilterChoice, type FilterChoices, SEVERITY_TEXT } from './filter.ts';

function ChoiceGroup<T extends string>({
  legend,
  choices,
  selected,
  label,
  onChange,
}: {
  legend: string;
  choices: FilterChoice<T>[];
  selected: readonly T[];
  label(value: T): string;
  onChange(values: T[]): void;
}) {
  const ticked = new Set(selected);
  return (
    <fieldset className="lv-choices">
      <legend>
        {legend}{' '}
        <span className="muted small">{selected.length === 0 ? '(all)' : `(${selected.length} chosen)`}</span>
      </legend>
      {choices.map((c) => (
        <label key={c.value} className="lv-chip">
          <input
            type="checkbox"
            checked={ticked.has(c.value)}
            onChange={(e) =>
              onChange(e.target.checked ? [...selected, c.value] : selected.filter((v) => v !== c.value))
            }
          />
          {label(c.value)}
          {c.count === null ? null : <span className="muted">({formatCount(c.count)})</span>}
        </label>
      ))}
    </fieldset>
  );
}

export function LogFilters({
  choices,
  status,
  statusId,
  error,
}: {
  /** Without stages and severities for the lines of a window (mostly no events). */
  choices: Pick<FilterChoices, 'hosts' | 'sources'> & Partial<FilterChoices>;
  /** `132 of 4,064 lines match` */
  status: string;
  statusId: string;
  /** Why the search is not a valid regular expression. */
  error: string | null;
}) {
  const filter = useStore((s) => s.logFilter);
  const setLogFilter = useStore((s) => s.setLogFilter);
  const resetLogFilter = useStore((s) => s.resetLogFilter);
  const searchId = useId();
  const errorId = useId();
  const set = (change: Partial<LogFilter>) => setLogFilter(change);
  const narrowed =
    filter.hosts.length + filter.stages.length + filter.sources.length + filter.severities.length > 0 ||
    filter.query !== '';

  return (
    <div className="lv-filters">
      <div className="lv-search">
        <label htmlFor={searchId}>Search the lines</label>
        <input
          id={searchId}
          type="search"
          className="lv-search-input"
          value={filter.query}
          spellCheck={false}
          autoComplete="off"
          placeholder={filter.regex ? 'regular expression, e.g. reconnect (denied|success)' : 'text'}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : statusId}
          onChange={(e) => set({ query: e.target.value })}
        />
        <label className="lv-regex">
          <input type="checkbox" checked={filter.regex} onChange={(e) => set({ regex: e.target.checked })} />{' '}
          Regular expression
        </label>
        <span className="muted small">case-insensitive</span>
        <button type="button" className="small-button" onClick={resetLogFilter} disabled={!narrowed}>
          Clear filters
        </button>
      </div>
      {error ? (
        <p id={errorId} className="field-error lv-error" role="alert" data-testid="log-query-error">
          {error}
        </p>
      ) : null}
      <p id={statusId} className="lv-count" role="status" data-testid="log-match-count">
        {status}
      </p>
      <div className="lv-choice-row">
        <ChoiceGroup
          legend="Hosts"
          choices={choices.hosts}
          selected={filter.hosts}
          label={(v) => v}
          onChange={(hosts) => set({ hosts })}
        />
        {choices.stages && choices.severities ? (
          <>
            <ChoiceGroup
              legend="Severity"
              choices={choices.severities}
              selected={filter.severities}
              label={(v) => SEVERITY_TEXT[v]}
              onChange={(severities) => set({ severities })}
            />
            <ChoiceGroup<StageId>
              legend="Stages"
              choices={choices.stages}
              selected={filter.stages}
              label={(v) => STAGE_BY_ID[v]?.title ?? v}
              onChange={(stages) => set({ stages })}
            />
          </>
        ) : null}
      </div>
      {!choices.stages && filter.stages.length + filter.severities.length > 0 ? (
        <p className="muted small lv-events-only" data-testid="log-events-only-note">
          The stage and severity filters narrow the Events list only; every line of the window is shown here.
        </p>
      ) : null}
      <details className="lv-sources">
        <summary>
          Sources{' '}
          <span className="muted small">
            {filter.sources.length === 0
              ? `(all ${formatCount(choices.sources.length)})`
              : `(${filter.sources.length} chosen)`}
          </span>
        </summary>
        <ChoiceGroup
          legend="Sources"
          choices={choices.sources}
          selected={filter.sources}
          label={(v) => v}
          onChange={(sources) => set({ sources })}
        />
      </details>
    </div>
  );
}
