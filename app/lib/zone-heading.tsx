// A heading or label with the zone its times are in. The zone keeps its own capitals where the
// heading is set in upper case (`FIRST SEEN (Asia/Shanghai)`): IANA names are spelled as they are.
import { type TimeZoneChoice, withZone } from '../../workers/report/time.ts';

export function ZoneHeading({ text, display }: { text: string; display: TimeZoneChoice }) {
  const zone = withZone(text, display).slice(text.length + 1);
  return (
    <>
      {text} <span className="zone-in">{zone}</span>
    </>
  );
}
