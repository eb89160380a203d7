import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../src/articles/quotes/index.js';
import { speakers } from './support/speakers.js';

// Rules found on news the quote rules were never tuned on (BASIL sample, half A; issue 16). Fixtures written here.
describe('speakers on news the rules were not tuned on', () => {
  it('takes a titled full name for a person even when a word of it names a broadcaster', () => {
    expect(
      speakers([
        'Former President Marco Fox said on the radio that he opposed the visit.',
        '“He is not welcome here,” Fox told reporters.',
        '“I think the minister is taking an enormous risk by hosting him,” he said.',
      ]),
    ).toEqual(['Marco Fox', 'Marco Fox']);
  });

  it('points "she said" at the woman named before, not at a place named after her with no subject between', () => {
    expect(
      speakers([
        'But Mrs. Ann Lee, whose hearing had been put off twice since the spring, left the script and choked up as she described waiting at Fort Hale Field for the plane.',
        '“I stood on the tarmac as the coffins came off the plane,” she said.',
      ]),
    ).toEqual(['Ann Lee']);
  });

  it('keeps "he said" on the one reporting, not the subject of the clause he reported', () => {
    expect(
      speakers([
        'Tom Reyes, the party chairman in Pike County, told the paper that if the charges were true, he would drop the candidate. But he also said that Mr. Walsh was not guilty of anything yet.',
        '“I know that teenagers make bad choices,” he said.',
      ]),
    ).toEqual(['Tom Reyes']);
  });

  it('names the person after a description opened by "the" ("the group\'s director, Jo Park, said")', () => {
    expect(
      speakers([
        'A second group started its own campaign on Wednesday.',
        '“This ad shows the regret many voters feel,” the group’s executive director, Jo Park, said in a statement.',
      ]),
    ).toEqual(['Jo Park']);
  });

  it('finds the speaker at the end of a sentence that goes on past the quote with "not ..."', () => {
    expect(
      speakers([
        'Speaker Rosa Gant spoke to a crowd in Ohio on Friday.',
        'The fight over the remark is about the “free speech of a single member of the House,” not the stance of the Democratic caucus, Gant said.',
      ]),
    ).toEqual(['Rosa Gant']);
  });

  it('never takes the object closing a clause before ", said" for the one who said it', () => {
    expect(
      speakers([
        'Former Representative Dan Ortiz campaigned in Iowa on Friday night.',
        'Mr. Ortiz, asked if he supported impeaching Mr. Crane, said he believed the governor “at least tried to mislead the legislature.”',
        '“I think those are grounds enough for the House to act,” he said.',
      ]),
    ).toEqual(['Dan Ortiz', 'Dan Ortiz']);
  });

  it('reads "X, Republican of Ohio and the chairman of Y, also said" as X speaking', () => {
    expect(
      speakers([
        'The committee cleared him of wrongdoing, and he promised to repay the money.',
        'Representative Sam Ketter, Republican of Ohio and the chairman of the National Republican Congressional Committee, also said in a statement that he hoped the congressman would be “true to his word and pay it all back.”',
      ]),
    ).toEqual(['Sam Ketter']);
  });

  it('gives "the statement said" to the one whose statement was quoted just before', () => {
    expect(
      speakers([
        '“We do not hide posts from anyone,” Chirp said in a statement on Friday.',
        '“We rank posts so the most relevant come first,” the statement said.',
      ]),
    ).toEqual(['Chirp', 'Chirp']);
  });

  it('takes a name with a long aside before "said" for a clause subject', () => {
    const quotes = extractQuotes([
      'Voters should back Ann Cole because, unlike Republican nominee Mr. Dale Hume, she is a “sane and able person,” Mark Ellery, the former mayor of the city and founder of a large regional news and data business, said on Wednesday.',
      'The line was an addition to a speech in which Ellery praised the party, but argued that Hume was a “dangerous demagogue” and a bad manager. “I’m from this city,” he said, “and we know a bad deal when we see one.”',
    ]);
    expect(quotes.slice(-2).map((q) => q.speaker)).toEqual(['Mark Ellery', 'Mark Ellery']);
  });

  it('lets "he tweeted" go on with the one quoted last when no one else is named since', () => {
    expect(
      speakers([
        '“We handled our talks with them badly,” Jordan Lake, head of policy at Chirp, said at a hearing.',
        'But that did little to calm things, and Governor Ray Dunn on Saturday accused the sites of “shutting down the views of many people on the right.”',
        '“Too many voices are being silenced, and that cannot be allowed,” he tweeted.',
        'He went on to call it “a dangerous thing” and took a swipe at two networks.',
        '“If you are weeding out bad news, start with those two,” he tweeted.  “I watch them with a grain of salt.”',
      ]),
    ).toEqual(['Jordan Lake', 'Ray Dunn', 'Ray Dunn', 'Ray Dunn', 'Ray Dunn']);
  });

  it('never reads a letter of "U.S." as the initial of a name', () => {
    expect(
      speakers([
        'At the debate on Saturday, Gov. Tom Kessler argued that letting the workers stay in the U.S. was not out of step with voters.',
        '“I couldn’t even imagine how we would begin to send them all back,” he said.',
      ]),
    ).toEqual(['Tom Kessler']);
  });
});
