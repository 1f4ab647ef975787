// What the user may type as the zone of a file: a fixed offset or a name the browser knows.

/** Offered in the zone field's suggestion list; any other valid zone may be typed. */
export const COMMON_ZONES = [
  'UTC',
  '-08:00',
  '-07:00',
  '-06:00',
  '-05:00',
  '-04:00',
  '-03:00',
  '+01:00',
  '+02:00',
  '+03:00',
  '+05:30',
  '+08:00',
  '+09:00',
  '+10:00',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

// `UTC+01:00` is how the Sources panel prints a zone, so a value copied from it is accepted too.
const OFFSET = /^(?:UTC|GMT)?(?<sign>[+-])(?<hh>\d{2}):?(?<mm>\d{2})?$/i;
const UTC_NAMES = /^(?:UTC|GMT|Z|Etc\/UTC|UCT|Universal)$/i;
// The zone database reads `CST` as Chicago where a person may mean China: the engine refuses them too.
const ABBREVIATION = /^[A-Za-z]{2,5}$/;

export type ZoneCheck = { ok: true; zone: string } | { ok: false; reason: string };

/** The zone to send to the engine (`+01:00`, `Asia/Shanghai`), or why the text is not one. */
export function checkZone(text: string): ZoneCheck {
  const value = text.trim();
  if (UTC_NAMES.test(value)) return { ok: true, zone: 'UTC' };
  const offset = OFFSET.exec(value)?.groups;
  if (offset) {
    const hours = Number(offset.hh);
    const minutes = Number(offset.mm ?? '0');
    if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60) {
      return { ok: false, reason: `${value} is not an offset between -14:00 and +14:00` };
    }
    return { ok: true, zone: `${offset.sign}${offset.hh}:${String(minutes).padStart(2, '0')}` };
  }
  if (ABBREVIATION.test(value)) {
    return {
      ok: false,
      reason: `"${value}" is an abbreviation, which names several zones: use an offset like +08:00 or a name like Asia/Shanghai`,
    };
  }
  try {
    // The browser's own zone database decides; its spelling (`Asia/Shanghai`) is what we send.
    const zone = new Intl.DateTimeFormat(undefined, { timeZone: value }).resolvedOptions().timeZone;
    return { ok: true, zone };
  } catch {
    return {
      ok: false,
      reason: `"${value}" is not a time zone: use an offset like +01:00 or a name like Europe/Berlin`,
    };
  }
}
