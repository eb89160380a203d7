/** The topic syntax: words, "phrases", a OR b, -word and -"a phrase", and one-line errors for mistakes. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/command.js';
import { MAX_TOPIC_LENGTH, MAX_TOPIC_TERMS, TopicSyntaxError } from '../src/news/topic-query.js';
import { expandTopic, queryPhrases } from '../src/news/topics.js';
import { toFtsQuery } from '../src/store/sqlite.js';

/** The message a topic's mistake answers with. */
function mistake(topic: string): string {
  try {
    expandTopic(topic);
  } catch (error) {
    expect(error).toBeInstanceOf(TopicSyntaxError);
    expect(error).toBeInstanceOf(UsageError); // every face shows a UsageError as one line
    return (error as Error).message;
  }
  throw new Error(`"${topic}" parsed without an error`);
}

describe('topics as today: words, all required, expanded', () => {
  it('makes each word a group, and expands a known name to its other names', () => {
    expect(expandTopic('oil prices')).toEqual({ groups: [['oil'], ['prices']] });
    expect(expandTopic('iran')).toEqual({ groups: [['iran', 'iranian', 'iranians', 'tehran']] });
  });

  it('keeps a known multi-word name whole', () => {
    expect(expandTopic('North Korea talks').groups.map((g) => g[0])).toEqual(['north korea', 'talks']);
  });

  it('answers an empty topic with no groups, not an error', () => {
    expect(expandTopic('')).toEqual({ groups: [] });
    expect(expandTopic('  - ')).toEqual({ groups: [] });
  });
});

describe('quoted phrases', () => {
  it('matches a quoted phrase as written: one phrase, not expanded', () => {
    expect(expandTopic('"climate change" protest')).toEqual({ groups: [['climate change'], ['protest']] });
    expect(expandTopic('"Iran"')).toEqual({ groups: [['iran']] });
  });

  it('takes the curly quotes phone keyboards type', () => {
    expect(expandTopic('“climate change”')).toEqual({ groups: [['climate change']] });
  });

  it('joins the phrase words with AND inside one FTS5 phrase', () => {
    expect(toFtsQuery(expandTopic('"climate change" protest'))).toBe('"climate change" AND "protest"');
  });
});

describe('exclusions: -word and -"a phrase"', () => {
  it('leaves out the words and phrases as written, not expanded', () => {
    expect(expandTopic('oil -iran -"White House"')).toEqual({ groups: [['oil']], exclude: ['iran', 'white house'] });
  });

  it('takes an exclusion anywhere, and each once', () => {
    expect(expandTopic('-trump oil -trump prices')).toEqual({ groups: [['oil'], ['prices']], exclude: ['trump'] });
  });

  it('keeps a hyphen inside a word a word ("covid-19"), and a lone dash punctuation', () => {
    expect(expandTopic('covid-19 vaccine')).toEqual({ groups: [['covid'], ['19'], ['vaccine']] });
    expect(expandTopic('biden - trump')).toEqual({ groups: [['biden'], ['trump']] });
  });

  it('becomes NOT in FTS5, and is not a search term for summaries', () => {
    const query = expandTopic('oil -iran -"white house"');
    expect(toFtsQuery(query)).toBe('("oil") NOT ("iran" OR "white house")');
    expect(queryPhrases(query)).toEqual(['oil']);
  });
});

describe('a OR b', () => {
  it('puts both sides in one group of alternatives', () => {
    expect(expandTopic('oil OR gas')).toEqual({ groups: [['oil', 'gas']] });
    expect(expandTopic('oil OR gas OR coal')).toEqual({ groups: [['oil', 'gas', 'coal']] });
  });

  it('binds the word, name or phrase next to it: climate protest OR strike is climate and (protest or strike)', () => {
    expect(expandTopic('climate protest OR strike')).toEqual({ groups: [['climate'], ['protest', 'strike']] });
    expect(expandTopic('"wind farm" OR solar subsidies')).toEqual({ groups: [['wind farm', 'solar'], ['subsidies']] });
  });

  it('expands each side, a multi-word name kept whole', () => {
    const [group, ...rest] = expandTopic('north korea OR iran').groups;
    expect(rest).toEqual([]);
    expect(group).toEqual(expect.arrayContaining(['north korea', 'pyongyang', 'iran', 'iranian', 'tehran']));
  });

  it('is an operator only in capitals: "or" is a word', () => {
    expect(expandTopic('war or peace')).toEqual({ groups: [['war'], ['or'], ['peace']] });
  });

  it('combines with exclusions', () => {
    const query = expandTopic('oil OR gas -russia');
    expect(query).toEqual({ groups: [['oil', 'gas']], exclude: ['russia'] });
    expect(toFtsQuery(query)).toBe('(("oil" OR "gas")) NOT ("russia")');
  });
});

describe('mistakes answer with one line saying what was expected', () => {
  it('an unclosed quote', () => {
    expect(mistake('"climate change')).toBe('topic: expected a closing " after "climate change');
    expect(mistake('oil -"white house')).toBe('topic: expected a closing " after "white house');
  });

  it('only exclusions', () => {
    expect(mistake('-iran -"white house"')).toBe('topic: expected something to look for besides the exclusions, e.g. iran -israel');
  });

  it('OR with nothing on one side', () => {
    expect(mistake('OR iran')).toBe('topic: expected a word or "phrase" before OR');
    expect(mistake('iran OR')).toBe('topic: expected a word or "phrase" after OR');
    expect(mistake('iran OR OR oil')).toBe('topic: expected a word or "phrase" before OR');
    expect(mistake('iran OR ""')).toBe('topic: expected a word or "phrase" after OR');
  });

  it('OR next to an exclusion', () => {
    expect(mistake('iran OR -oil')).toBe('topic: expected a word or "phrase" after OR, not an exclusion');
    expect(mistake('iran -oil OR gas')).toBe('topic: expected a word or "phrase" before OR, not an exclusion');
  });

  it('an exclusion without a word', () => {
    expect(mistake('iran -"?!"')).toBe('topic: expected a word or "phrase" after -, got -"?!"');
    expect(mistake('iran -&')).toBe('topic: expected a word or "phrase" after -, got -&');
  });

  it('too long', () => {
    expect(mistake('a'.repeat(MAX_TOPIC_LENGTH + 1))).toBe(
      `topic: expected at most ${MAX_TOPIC_LENGTH} characters, got ${MAX_TOPIC_LENGTH + 1}`,
    );
    const many = Array.from({ length: MAX_TOPIC_TERMS + 1 }, (_, i) => `w${i}`).join(' ');
    expect(mistake(many)).toBe(`topic: expected at most ${MAX_TOPIC_TERMS} words and phrases, got ${MAX_TOPIC_TERMS + 1}`);
  });

  it('is one line whatever the topic holds', () => {
    expect(mistake('iran "oil\nprices')).toBe('topic: expected a closing " after "oil prices');
  });
});
