/**
 * Feed dates as found in the wild: RFC 822 with or without weekday, seconds or a four-digit year,
 * named zones ("EST", "CEST"), ISO 8601 with a space or no offset, and whatever Date.parse takes.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

// Offsets in minutes of the zone names feeds use; RFC 822's military letters other than Z are too rare to matter.
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  bst: 60,
  ist: 330,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  aest: 600,
  aedt: 660,
  acst: 570,
  awst: 480,
  nzst: 720,
  nzdt: 780,
};

// Years outside this window are typos or placeholders ("0001-01-01"), not publication dates.
const EARLIEST_YEAR = 1990;
const LATEST_YEAR = 2100;

const RFC822 =
  /^(?:[a-z]+,?\s+)?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?/i;
const MONTH_FIRST =
  /^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:[\s,]+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?/i;
const ISO_LIKE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?/i;

/** Minutes east of UTC for "+0100", "-05:00", "+01", "EST". */
function zoneOffset(zone: string | undefined): number {
  if (!zone) return 0; // feeds without a zone almost always mean UTC
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  return ZONES[zone.toLowerCase()] ?? 0; // an unknown name is closer to UTC than to no date at all
}

function fullYear(year: number): number {
  if (year >= 100) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offset: number;
}

/** The instant the parts name, or null when they are out of range. */
function toIso(p: Parts): string | null {
  if (p.year < EARLIEST_YEAR || p.year > LATEST_YEAR) return null;
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 || p.hour > 24 || p.minute > 59 || p.second > 60) return null;
  const ms = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - p.offset * 60_000;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function fromRfc822(text: string): string | null {
  const m = RFC822.exec(text);
  const month = m ? MONTHS[m[2]!.slice(0, m[2]!.toLowerCase().startsWith('sept') ? 4 : 3).toLowerCase()] : undefined;
  if (!m || !month) return null;
  return toIso({
    year: fullYear(Number(m[3])),
    month,
    day: Number(m[1]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    offset: zoneOffset(m[7]),
  });
}

function fromMonthFirst(text: string): string | null {
  const m = MONTH_FIRST.exec(text);
  const month = m ? MONTHS[m[1]!.slice(0, 3).toLowerCase()] : undefined;
  if (!m || !month) return null;
  let hour = Number(m[4] ?? 0);
  if (m[7]?.toLowerCase() === 'pm' && hour < 12) hour += 12;
  if (m[7]?.toLowerCase() === 'am' && hour === 12) hour = 0;
  return toIso({
    year: Number(m[3]),
    month,
    day: Number(m[2]),
    hour,
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    offset: zoneOffset(m[8]),
  });
}

function fromIsoLike(text: string): string | null {
  const m = ISO_LIKE.exec(text);
  if (!m) return null;
  return toIso({
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    offset: zoneOffset(m[7]),
  });
}

function fromDateParse(text: string): string | null {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR ? new Date(ms).toISOString() : null;
}

/** A feed date as an ISO 8601 instant (UTC), or null when it cannot be understood. */
export function parseFeedDate(text: string | null | undefined): string | null {
  const value = text?.replace(/\s+/g, ' ').trim();
  if (!value) return null;
  return fromIsoLike(value) ?? fromRfc822(value) ?? fromMonthFirst(value) ?? fromDateParse(value);
}
