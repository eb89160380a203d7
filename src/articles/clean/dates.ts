/** Finds a publication date in a line of text: ISO dates, "Nov. 19, 2019", "19 November 2019", "11/19/19". */
import { MONTHS } from './patterns.js';

const ISO = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?/;
const MONTH_FIRST = /\b(\p{L}{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/u;
/** What every MONTH_FIRST match holds: a day's last digit (maybe "st", a comma), white space, a year. */
const DAY_THEN_YEAR = /\d(?:st|nd|rd|th)?,?\s+\d{4}/;
const DAY_FIRST = /\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(\p{L}{3,9})\.?,?\s+(?:de\s+)?(\d{4})\b/u;
const NUMERIC = /\b(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})\b/;
const DIGIT = /\d/;
const FOUR_DIGITS = /\d{4}/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** An ISO date, or a full ISO date-time when the text gives one with its offset. */
function fromIso(text: string): string | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!date) return null;
  if (m[4] && m[5] && m[7]) {
    const offset = m[7] === 'Z' ? 'Z' : m[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    return `${date}T${m[4]}:${m[5]}:${m[6] ?? '00'}${offset}`;
  }
  return date;
}

function fromMonthName(text: string): string | null {
  // MONTH_FIRST tries a letter run at every word: a cheap scan for its day-and-year tail spares most lines that
  const first = DAY_THEN_YEAR.test(text) ? MONTH_FIRST.exec(text) : null;
  const month1 = first ? MONTHS.get(first[1]!.toLowerCase()) : undefined;
  if (first && month1) return isoDate(Number(first[3]), month1, Number(first[2]));
  const day = DAY_FIRST.exec(text);
  const month2 = day ? MONTHS.get(day[2]!.toLowerCase()) : undefined;
  if (day && month2) return isoDate(Number(day[3]), month2, Number(day[1]));
  return null;
}

/** Slashes are month-first (US) and dots day-first (Europe), unless the numbers allow only the other. */
function fromNumeric(text: string): string | null {
  const m = NUMERIC.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[3]);
  const year = m[4]!.length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
  const monthFirst = m[2] === '/' ? a <= 12 : b > 12;
  return monthFirst ? isoDate(year, a, b) : isoDate(year, b, a);
}

/** The first date written in a line, as ISO 8601; null when there is none. */
export function findDate(text: string): string | null {
  if (text.length > 300) return null; // a date line is short; prose mentioning dates is not one
  if (!DIGIT.test(text)) return null; // every format above has digits: most lines are spared four scans
  // all formats but the numeric one write a four-digit year: without one, three scans are spared
  if (!FOUR_DIGITS.test(text)) return fromNumeric(text);
  return fromIso(text) ?? fromMonthName(text) ?? fromNumeric(text);
}
