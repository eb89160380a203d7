/** What /follow and /briefing accept besides topics: quiet hours, exclusions, outlet filters, the role to ping. */
import { describe, expect, it } from 'vitest';
import { isQuietAt, normaliseQuiet } from '../src/schedule/follow-spec.js';
import { withExclusions } from '../src/schedule/follows.js';
import { describeSources, parseMentionRole, parseSourceFilter } from '../src/schedule/subscription-options.js';

describe('quiet hours', () => {
  it('reads "22-07" and "22:30-06:45", and refuses a range that is not one', () => {
    expect(normaliseQuiet('22-07')).toBe('22:00-07:00');
    expect(normaliseQuiet(' 9:30 - 17 ')).toBe('09:30-17:00');
    expect(normaliseQuiet('22-22')).toBeNull();
    expect(normaliseQuiet('24-07')).toBeNull();
    expect(normaliseQuiet('evening')).toBeNull();
  });

  it("holds across midnight, start included and end not, in the follow's own zone", () => {
    const at = (iso: string) => Date.parse(iso);
    expect(isQuietAt('22:00-07:00', 'UTC', at('2025-04-03T23:30:00Z'))).toBe(true);
    expect(isQuietAt('22:00-07:00', 'UTC', at('2025-04-03T06:59:00Z'))).toBe(true);
    expect(isQuietAt('22:00-07:00', 'UTC', at('2025-04-03T07:00:00Z'))).toBe(false);
    expect(isQuietAt('22:00-07:00', 'UTC', at('2025-04-03T22:00:00Z'))).toBe(true);
    expect(isQuietAt('22:00-07:00', 'UTC', at('2025-04-03T12:00:00Z'))).toBe(false);
    // 21:30 UTC is 23:30 in Berlin (summer time).
    expect(isQuietAt('22:00-07:00', 'Europe/Berlin', at('2025-04-03T21:30:00Z'))).toBe(true);
    expect(isQuietAt('09:00-17:00', 'America/New_York', at('2025-04-03T14:00:00Z'))).toBe(true);
    expect(isQuietAt(null, 'UTC', at('2025-04-03T23:30:00Z'))).toBe(false);
  });
});

describe('exclude', () => {
  it('adds each word or phrase to the topic as an exclusion', () => {
    expect(withExclusions('iran', 'trump, white house')).toBe('iran -trump -"white house"');
    expect(withExclusions('oil OR gas ', ' -"opec" ')).toBe('oil OR gas -opec');
    expect(withExclusions('iran', undefined)).toBe('iran');
    expect(() => withExclusions('iran', ' , ')).toThrow('exclude: give words or phrases separated by commas');
  });
});

describe('outlet filter and role', () => {
  it('takes only or except, compared without case, and says which', () => {
    const only = parseSourceFilter('BBC, Reuters, bbc', undefined);
    expect(only).toEqual({ only: ['bbc', 'reuters'], except: [] });
    expect(describeSources(only)).toBe('only bbc, reuters');
    expect(describeSources(parseSourceFilter(undefined, 'Daily Planet'))).toBe('except daily planet');
    expect(describeSources(parseSourceFilter(undefined, undefined))).toBe('');
    expect(() => parseSourceFilter('BBC', 'Fox')).toThrow('only, except: give one of them, not both');
    expect(() => parseSourceFilter(' , ', undefined)).toThrow('only: give outlet names separated by commas');
    expect(() => parseSourceFilter(Array.from({ length: 21 }, (_, i) => `o${i}`).join(','), undefined)).toThrow('only: at most 20 outlets');
  });

  it('pings a role, never @everyone', () => {
    expect(parseMentionRole('400000000000000001', '100000000000000001')).toBe('400000000000000001');
    expect(parseMentionRole(undefined, '100000000000000001')).toBeNull();
    expect(() => parseMentionRole('100000000000000001', '100000000000000001')).toThrow('mention: pick a role other than @everyone');
    expect(() => parseMentionRole('everyone', '100000000000000001')).toThrow('mention: pick a role');
  });
});
