import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../src/articles/quotes/index.js';

/** A fixture the team wrote: one paragraph a line. */
function fixture(name: string): string[] {
  return readFileSync(new URL(`./fixtures/quotes/${name}.txt`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
}

/** Each quote's speaker, keyed by the quote's opening words. */
function speakers(paragraphs: string[]): Record<string, string | null> {
  return Object.fromEntries(extractQuotes(paragraphs).map((q) => [q.text.split(' ').slice(0, 3).join(' '), q.speaker]));
}

describe('speaker attribution on news text', () => {
  it('reads a surname that looks like a pronoun as part of a full name ("He Yafei", "Cindy He")', () => {
    expect(speakers(fixture('surname-he'))).toEqual({
      'Neither side can': 'He Yafei',
      'We are ready': 'He Yafei', // "“...,” He said": a capital in mid-sentence is the surname, not Trump's "he"
      'A long trade': 'Cindy He',
      'taken advantage of': 'Donald Trump',
    });
  });

  it('still reads a lone "He" as a pronoun', () => {
    const quotes = extractQuotes([
      'Mayor Tom Blake opened the bridge.',
      '“It took us six years to get the money for it,” He told reporters.',
    ]);
    expect(quotes[0]?.speaker).toBe('Tom Blake');
  });

  it('gives "Kennedy said of Blair" to Kennedy, the subject, not Blair, the object', () => {
    expect(speakers(fixture('said-of'))).toEqual({ 'The prime minister': 'Charles Kennedy' });
    const after = extractQuotes([
      'Charles Kennedy and Tony Blair clashed again in the Commons.',
      '“He has lost the trust of the country and will not win it back,” Kennedy said of Blair.',
    ]);
    expect(after[0]?.speaker).toBe('Charles Kennedy');
  });

  it('never names a sentence word, a media word or an undescribed commuter as the speaker', () => {
    const found = speakers(fixture('common-words'));
    expect(found['Fares have gone']).toBe('Laura Mendes');
    expect(found['The cuts will']).toBeNull(); // "according to state TV": no one named
    expect(found['It is the']).toBeNull(); // "a commuter told reporters", not the crowd nor Mendes
    expect(found['Nothing has been']).toBe('Laura Mendes');
    for (const speaker of Object.values(found)) expect(speaker ?? '').not.toMatch(/^(?:Consider|Board|TV|Crowds|Monday)$/);
  });

  it('keeps one speaker per person and organisation across an article', () => {
    expect(speakers(fixture('one-speaker'))).toEqual({
      'Passenger numbers on': 'Wang Lei',
      'Airlines that expanded': 'Sarah Holt',
      'The question is': 'Sarah Holt',
    });
  });

  it('skips a sentence opener that only looks like a name ("Hours later, X said")', () => {
    const quotes = extractQuotes([
      'The senator met donors in Macau on Monday.',
      'Hours later, Senator Ruth Dane returned the compliment, telling Reuters, “We have been friends for a long time.”',
      'Citing the new poll, Dane said the race was “closer than anyone in Washington thinks.”',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Ruth Dane', 'Ruth Dane']);
  });

  it('takes the name at the end of a description ("former Florida governor Jeb Bush")', () => {
    const quotes = extractQuotes([
      '“Our friends no longer think we have their back,” former Ohio governor Ann Weller said.',
      '“We have a path to victory,” said Marc Duval, speaking to CNN after the rally.',
      '“The tax cuts paid for themselves,” Rep. Jim Ortega (D-Wash.) said.',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Ann Weller', 'Marc Duval', 'Jim Ortega']);
  });

  it('finds "said X" after a comma that ends the words around a quote', () => {
    const quotes = extractQuotes([
      'Senator Paul Grey spoke first.',
      '“For working families, he is saying the right things” about wages and unions, said Marla Stone, who leads the teachers group.',
    ]);
    expect(quotes[0]?.speaker).toBe('Marla Stone');
  });

  it('reads the subject past an aside in brackets and a "who" clause, and never the listener of "told"', () => {
    const quotes = extractQuotes([
      'Sen. John Marsh (R-Texas) told a Politico reporter on Monday that he “would be surprised if this is the last one.”',
      'Pastor Kevin Moss, who leads a church in Elizabeth, Colorado, slammed the group for “promoting a lifestyle we cannot accept at all.”',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['John Marsh', 'Kevin Moss']);
  });

  it('names the person a description in lower case leads up to ("another friend, Mariam Ezz", "his friend Omar Saleh")', () => {
    const quotes = extractQuotes([
      'Relatives gathered at the airport on Friday.',
      '“She is also a mother of three young boys,” another friend, Mariam Ezz, told CNN.',
      '“He had so many projects and so many plans,” his friend Omar Saleh told the website.',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Mariam Ezz', 'Omar Saleh']);
  });

  it('keeps the name a long run of capitals ends on, and the owner of a described source', () => {
    const quotes = extractQuotes([
      'Senator Ray Sands voted against the bill twice.',
      '“Senator Sands voted twice to protect gun sellers from being held accountable,” New York City Public Advocate Trish Jones said.',
      '“Paul’s knowledge, such as it is, is about 20 years old,” said a longtime adviser to Trump, who declined to be named.',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Trish Jones', 'a longtime adviser to Trump']);
  });

  it('reports no title of a show, book or slogan as a quote', () => {
    const quotes = extractQuotes([
      'Senator Ray Sands told “This Week with George Stephanopoulos” that he had read “Guardians of the Galaxy of the West” twice.',
      'His hat read “Make America Great Again” and his aide said “we will be back in this town next spring.”',
    ]);
    expect(quotes.map((q) => q.text)).toEqual(['we will be back in this town next spring.']);
  });

  it('gives a quote opening a sentence to the speaker of the sentence before it in the paragraph', () => {
    const quotes = extractQuotes([
      '“It has become a two-person race in the state,” said Craig Rowe, editor of a local political site.',
      'Iowa State University professor Diane Brock agreed. “Mainstream Republicans are running out of time to find someone.”',
      'Coan, the defendant’s attorney, argues that his client never urged violence. “His intent was to find a peaceful end.”',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Craig Rowe', 'Diane Brock', 'Coan']);
  });

  it('skips a place after a phrase, a noun that looks like a cue, and a language before a colon', () => {
    const quotes = extractQuotes([
      'Clinton, during a town hall meeting in Columbus, Ohio, said she was “going to put a lot of coal companies out of business.”',
      'Party Chairman Reince Prior called Clinton’s remarks a “new low” and a “bizarre attempt to deflect attention from her donors.”',
      'Senator Ann Fiore ended her speech by quoting Leonardo da Vinci in Italian: “Ogni impedimento è distrutto dal rigore.”',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Clinton', 'Reince Prior', 'Ann Fiore']);
  });

  it('reads past a web address, a typed double dash, and words that go on with a quote before "said X"', () => {
    const quotes = extractQuotes([
      '“Clinton needs a strategy for the third-party voters,” Nate Silva, the polling guru who founded fivethirtytwo.com, tweeted on Wednesday.',
      'Marking the end of the primaries with a formal speech -- complete with teleprompter -- Trump told supporters that “we close one chapter in history.”',
      'The vote signals “the beginning of the end” for the union, said Geert Wolters, founder of the Party for Freedom.',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Nate Silva', 'Trump', 'Geert Wolters']);
  });

  it('names the subject of "with X yelling:" over a place named after a phrase', () => {
    const quotes = extractQuotes([
      'At a rally in Birmingham, Alabama, on Saturday, supporters pushed a protester out, with Tom Grady reportedly yelling: “Get him out of here right now!”',
    ]);
    expect(quotes[0]?.speaker).toBe('Tom Grady');
  });

  it('gives quotes joined by "and" the speaker named after the last of them', () => {
    const quotes = extractQuotes([
      'Guns are “the ultimate public health crisis” and “stunt the growth of our children,” Howard Deane, the former governor, said on Tuesday.',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Howard Deane', 'Howard Deane']);
  });

  it('names an organisation after "the" and the person in an appositive after a description', () => {
    const quotes = extractQuotes([
      'The Democratic National Committee released a statement on Wednesday, saying the remarks were “another example of his divisive race-baiting.”',
      'A top strategist, John Weaver, tells reporters that the result will be enough to “drive somebody else out of the race.”',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Democratic National Committee', 'John Weaver']);
  });

  it('gives a paragraph-opening quote to the speaker of the sentence that ends the paragraph before', () => {
    const quotes = extractQuotes([
      'The debate ended late on Tuesday. Of course, as Joel Parker of the California desk observed, the biggest winner was the stage itself:',
      '“The clear winner of the night was the network, which ran two lively sessions that were fair.”',
    ]);
    expect(quotes[0]?.speaker).toBe('Joel Parker');
  });

  it('reads the subject of a verb of saying inside a clause ("what X called", "which X claims") and a surname that is a common word ("Will wrote")', () => {
    expect(speakers(fixture('clause-subjects'))).toEqual({
      'a gift to': 'Maria Will',
      'Nobody who rents': 'Maria Will',
      'the busiest budget': 'Tom Ortiz',
      'room for four': 'Tom Ortiz',
      'the quiet problem': 'Kevin Adler', // "he" is Adler, named by his surname alone at the start of the sentence
      'that the homes': 'Kevin Adler',
      'We thank him': 'Ruth Okafor', // "When Adler left ..., Mayor Ruth Okafor released the following statement:"
    });
  });

  it('takes no sentence opener for the subject of a paragraph introducing a quote ("Wait, it gets better:")', () => {
    const quotes = extractQuotes([
      'The memo was leaked on Friday.',
      'Wait, it gets better:',
      '“Every figure in this memo was agreed with the treasury in advance.”',
    ]);
    expect(quotes[0]?.speaker).toBeNull();
  });

  it('finds the subject past words that open a sentence or go on with a quote ("for the wall, Marsh said", "Immediately after ...,", "And then")', () => {
    expect(speakers(fixture('sentence-openers'))).toEqual({
      'I want to': 'Lena Marsh', // not Dunne, who conceded in the sentence before
      'The money would': 'Paul Dunne',
      'This wall will': 'Lena Marsh', // "Immediately after the count, Marsh issued a statement,"
      'We will keep': 'Paul Dunne', // "And then Dunne went further, saying,"
      'The first stones': 'Lena Marsh', // "Outside the town hall, Marsh spoke to reporters at length."
    });
  });

  it('keeps a surname that is also a sentence word ("Martin From", "Carol May") and finds the person by it alone', () => {
    expect(speakers(fixture('word-surnames'))).toEqual({
      'We are not': 'Martin From',
      'The offer on': 'Carol May',
      'A good offer': 'Martin From', // "“...,” From said": mid-sentence, the surname
      'Nobody in this': 'Nick Will',
    });
  });

  it('reads a credit line after a quote, and a speaker past words that go on with the quote, initials and abbreviations', () => {
    expect(speakers(fixture('credit-lines'))).toEqual({
      'We cleaned up': 'Janet Price', // "- Janet Price." on the line after
      'I wrote the': 'Hank Ellison', // "—Governor Hank Ellison, in his closing statement."
      'The river is': 'Janet Price', // "“...” and not a “...,” Price said"
      'problem to be': 'Janet Price',
      'Both of them': 'Sam Ortega', // "Sam Ortega, 52, of Dayton, Ohio, who ..., said"
      'Every cleanup crew': 'Leo Hart', // "remembered Leo Hart"
      'We have heard': 'Dana Cole', // "state Rep. Dana Cole, D-Ohio, said"
    });
    const initials = extractQuotes([
      '"We need people who will bring this town together," Harry Bond, 30, of Raleigh, N.C., said in an interview.',
    ]);
    expect(initials[0]?.speaker).toBe('Harry Bond');
    const continued = extractQuotes([
      'The mayor spoke first.',
      'The cuts were "a moral obligation we all share" for the city, Mayor Ann Lutz said.',
    ]);
    expect(continued[0]?.speaker).toBe('Ann Lutz');
  });

  it("names the person in an appositive after a description, a plural title or in X's words, and no verb form (Doing so)", () => {
    expect(speakers(fixture('descriptions'))).toEqual({
      'The contracts were': 'Helen Achebe', // "said the authority's director, Helen Achebe, on Tuesday"
      'laid on ground': 'Omar Haddad', // "Two structural analysts, Omar Haddad and Lucy Brandt, found"
      'the first bill': 'Raul Mendes', // not "the legislature", which "goes into session"
      'it is the': 'Maersk', // "in Maersk's words,"
    });
    expect(extractQuotes(['Doing so “was the only way to keep the federal grant for the terminal.”'])[0]?.speaker).toBeNull();
  });

  it('reads the subject past a wire dateline, and a name closing a quote on its own line as the speaker', () => {
    expect(speakers(fixture('wire-credits'))).toEqual({
      'a burden no': 'Illinois Farm Bureau', // "CHICAGO, March 3 (AP) — The Illinois Farm Bureau issued a statement"
      'The rules will': 'Maria Santos', // "... in a decade. / Maria Santos, Center for Rural Policy.”"
      'Nobody has yet': 'Tom Reilly',
    });
  });

  it('gives a quote in a clause after ", while" to the subject of that clause, not of the sentence', () => {
    const quotes = extractQuotes([
      'Mayor Ana Ruiz wants to close the old ferry pier, while Councilman Victor Hale, the harbor committee chairman, proposed the city "sell it to the highest bidder before the winter."',
    ]);
    expect(quotes[0]?.speaker).toBe('Victor Hale');
  });

  it('reads the speaker after a quote past a relative clause going on with it or a short term in quotation marks', () => {
    const quotes = extractQuotes([
      'The city asked the court to reopen the case.',
      '"We intend to search them for records" that answer the requests from River Watch, city attorney Nora Quint wrote in a filing.',
      '"We have had better seasons than this one," harbor pilot Sam Ober, wearing a "Save the Pier" badge, said on the quay.',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Nora Quint', 'Sam Ober']);
  });

  it('never names a state, a number, an initial or a party tag as the speaker, nor takes a state for "he"', () => {
    const quotes = extractQuotes([
      'Senator Paul Drake, R-Ky., spent the week in Iowa.',
      'Iowa is where the race will be decided, and Drake knows it.',
      '“I have never seen crowds like these in January,” he said.',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Paul Drake']);
    expect(extractQuotes(['Hundreds chanted “keep the pier open for the boats” outside the hall.'])[0]?.speaker).toBeNull();
  });

  it('takes no capitalised common word opening a sentence for the person a pronoun or a paragraph is about', () => {
    const quotes = extractQuotes([
      'Governor Ruth Alder spoke at the union hall on Friday.',
      'Fundraising was slow for a month, and the fundraising team blamed the weather.',
      '“We will make it up in the autumn, when the money always comes,” she said.',
    ]);
    expect(quotes[0]?.speaker).toBe('Ruth Alder');
  });

  it('keeps a source described by what they are to someone as written, not the last person named ("said a 2008 Clinton veteran")', () => {
    const quotes = extractQuotes([
      'Mayor Tom Blake lost the primary to Jane Ruiz in 2012.',
      '“He never prepared for a debate in his life,” said a former Blake staffer.',
    ]);
    expect(quotes[0]?.speaker).toBe('a former Blake staffer');
  });
});
