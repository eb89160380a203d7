import { describe, expect, it } from 'vitest';
import { extractHtml } from '../src/articles/html/index.js';

const paragraphs = [
  'The regional water board approved a plan on Monday to replace the ageing pipes beneath the old market district, where three mains have burst since the start of the year.',
  'Engineers said the cast-iron pipes, laid more than a century ago, had grown brittle, and that winter frosts and road salt had worn them faster than anyone expected.',
  'The work will close two streets at a time for about six weeks each, and traders worried that the closures would keep shoppers away during the busiest months.',
  'Board members said they had spread the work over three years so that no street would be closed twice, and that deliveries would be allowed in the early morning.',
  'The plan will cost about forty million, most of it paid from a grant the board won last autumn, with the rest borrowed over twenty years at a fixed rate.',
  'Residents who lost water for two days during the last burst said they welcomed the decision, although several asked why the pipes had not been replaced sooner.',
  'A spokeswoman for the board said the district had been next on the list for years, but that money had gone first to the hospital and the two schools nearby.',
  'The first street to close will be announced next month, once the contractors have surveyed the pipes with cameras and marked the worst sections for digging.',
];

const html = (body: string, title = 'Water board to replace old market pipes') =>
  `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

const p = (text: string) => `<p>${text}</p>`;

/** A part of the body wrapped the way component templates do: three divs deep. */
const part = (className: string, texts: string[]) =>
  `<div class="${className}"><div class="component"><div class="component-content">${texts.map(p).join('')}</div></div></div>`;

const teasers = `<div class="more-stories"><h3>More from the city desk</h3>
  <div class="teaser"><a href="/a">Council delays the vote on bus lanes</a><p>The vote was moved to March after objections from shopkeepers.</p></div>
  <div class="teaser"><a href="/b">New library opens its doors in the east</a><p>Hundreds queued on the first morning to see the reading rooms.</p></div>
</div>`;

describe('extractHtml, an article the template splits or wraps', () => {
  it('keeps every part of a body split into sibling components between figures and ad slots', () => {
    const page = extractHtml(
      html(`<main><article><div class="article-parts">
        ${part('bodyText version-2 section', paragraphs.slice(0, 5))}
        <div class="bodyImage section"><figure><img src="/pipes.jpg" alt="Old pipes"></figure></div>
        ${part('bodyText section', paragraphs.slice(5, 6))}
        <div class="adSlot section"></div>
        ${part('bodyText section', paragraphs.slice(6, 8))}
      </div></article>${teasers}</main>`),
    );
    expect(page.paragraphs).toEqual(paragraphs);
  });

  it("leaves out a shopping box that shares the body's first class word", () => {
    const pick = (item: string) =>
      `<div class="pick"><div class="pick-inner"><div class="pick-text"><p>${item} is our favourite this season, with a sturdy frame, a two-year warranty, and free delivery on orders placed before Friday.</p></div></div></div>`;
    const page = extractHtml(
      html(`<main><div class="article-parts">
        ${part('content article-text', paragraphs)}
        <div class="content shopping-picks">${['The garden hose', 'The rain barrel', 'The pipe wrench'].map(pick).join('')}</div>
      </div></main>`),
    );
    expect(page.paragraphs).toEqual(paragraphs);
  });

  it('keeps the part of the body a "read more" expander holds', () => {
    const page = extractHtml(
      html(`<div id="story"><div class="story-body">
        ${paragraphs.slice(0, 2).map(p).join('')}
        <div id="read-more"><div id="read-more-link"><a href="#">Read more</a></div>
          <div id="read-more-text">${paragraphs.slice(2).map(p).join('')}</div>
        </div>
      </div>${teasers}</div>`),
    );
    expect(page.paragraphs).toEqual(paragraphs);
  });

  it('reads the article an overlay ("modal") shows over a stream of teasers', () => {
    const stream = Array.from(
      { length: 6 },
      (_, i) => `<li><a href="/s${i}">Another story number ${i} from today</a><p>${paragraphs[i]!.slice(0, 120)}</p></li>`,
    ).join('');
    const page = extractHtml(
      html(`<div class="stream"><ul>${stream}</ul></div>
        <div class="article-modal modal-centered"><div class="modal-inner"><article><div class="canvas-body">
          ${paragraphs.map(p).join('')}
        </div></article></div></div>`),
    );
    expect(page.paragraphs).toEqual(paragraphs);
  });

  it('still drops a furniture-classed box of prose beside the article', () => {
    const promo = `<div class="promo-box">${paragraphs.slice(5, 7).map(p).join('')}</div>`;
    const page = extractHtml(
      html(`<div class="page"><div class="story-body">${paragraphs.slice(0, 5).map(p).join('')}${promo}</div></div>`),
    );
    expect(page.paragraphs).toEqual(paragraphs.slice(0, 5));
  });
});
