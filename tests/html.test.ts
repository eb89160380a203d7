import { describe, expect, it } from 'vitest';
import { extractHtml } from '../src/articles/html/index.js';

const prose = [
  'The city council voted on Tuesday to expand the harbour ferry service, adding three routes that will connect the northern suburbs with the old town centre by next spring.',
  'Officials said the new boats, which run on batteries charged overnight at the depot, would cut the crossing time by almost half and replace two ageing diesel vessels.',
  'Residents of the northern districts, who have long complained about crowded buses and slow bridges, welcomed the decision, although some questioned the cost of the plan.',
  'The council expects the first route to open in April, with the remaining two following over the summer once the new piers have been built and inspected.',
];

function articlePage(head: string, extra = ''): string {
  return `<!doctype html><html><head>${head}</head><body>
    <header class="site-header"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></header>
    <nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li></ul></nav>
    <main><article class="story">
      <h1>Harbour ferries to get three new routes</h1>
      <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a> <a href="#">Email</a></div>
      <div class="story-body">${prose.map((p) => `<p>${p}</p>`).join('\n')}${extra}</div>
      <aside class="related-links"><h3>Related stories</h3><ul>
        <li><a href="/a">Bridge closure delayed again amid funding row</a></li>
        <li><a href="/b">Bus fares to rise in January across the region</a></li>
      </ul></aside>
    </article></main>
    <footer><p>Copyright 2024 The Harbour Gazette. All rights reserved.</p></footer>
  </body></html>`;
}

/** The article page with another headline in its <h1>. */
function headlinedPage(h1: string, head: string): string {
  return articlePage(head).replace('<h1>Harbour ferries to get three new routes</h1>', `<h1>${h1}</h1>`);
}

describe('extractHtml', () => {
  it('reads the title from og:title and strips the site suffix', () => {
    const page = extractHtml(
      articlePage(`
      <title>Harbour ferries to get three new routes | The Harbour Gazette</title>
      <meta property="og:title" content="Harbour ferries to get three new routes - The Harbour Gazette">
      <meta property="og:site_name" content="The Harbour Gazette">`),
    );
    expect(page.title).toBe('Harbour ferries to get three new routes');
    expect(page.source).toBe('The Harbour Gazette');
  });

  it('takes section labels off the title, before or after the headline', () => {
    const opinion = extractHtml(
      headlinedPage(
        'Ferry fares are too high',
        `
      <title>Opinion | Ferry fares are too high - The Harbour Gazette</title>
      <meta property="og:title" content="Opinion | Ferry fares are too high">`,
      ),
    );
    expect(opinion.title).toBe('Ferry fares are too high');
    const world = extractHtml(
      headlinedPage('Ferry crews walk out', '<title>Storm closes the harbour for a second day | World | News | Gazette.co.uk</title>'),
    );
    expect(world.title).toBe('Storm closes the harbour for a second day');
  });

  it('never takes a section label for the headline, even when the headline names the site', () => {
    const headline = 'The Harbour Gazette view on the ferries: a service on the brink';
    const page = extractHtml(
      headlinedPage(
        headline,
        `
      <title>${headline} | Editorial | Opinion | The Harbour Gazette</title>
      <meta property="og:title" content="${headline} | Editorial">
      <meta property="og:site_name" content="The Harbour Gazette">`,
      ),
    );
    expect(page.title).toBe(headline);
  });

  it("keeps a headline's own closing clause after a dash", () => {
    const page = extractHtml(
      headlinedPage(
        'Why Not Take the Ferry?',
        `
      <meta property="og:title" content="The Early Reviews For the New Ferries Are Here — And They're Not Great - Digg">`,
      ),
    );
    expect(page.title).toBe("The Early Reviews For the New Ferries Are Here — And They're Not Great");
  });

  it('reads byline and published date from JSON-LD', () => {
    const jsonLd = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'The Harbour Gazette' },
        {
          '@type': 'NewsArticle',
          headline: 'Harbour ferries to get three new routes',
          author: [{ '@type': 'Person', name: 'Maria Lopes' }],
          datePublished: '2024-03-05T09:30:00+01:00',
          publisher: { '@type': 'Organization', name: 'The Harbour Gazette' },
        },
      ],
    };
    const page = extractHtml(
      articlePage(`<script type="application/ld+json">${JSON.stringify(jsonLd)}</script>`),
      'https://gazette.example/ferries',
    );
    expect(page.byline).toBe('Maria Lopes');
    expect(page.published).toBe('2024-03-05T09:30:00+01:00');
    expect(page.source).toBe('The Harbour Gazette');
    expect(page.url).toBe('https://gazette.example/ferries');
  });

  it('keeps the article paragraphs and drops nav, share buttons and related links', () => {
    const page = extractHtml(
      articlePage('<title>Ferries</title>', '<h2>What happens next</h2><p>Work on the piers starts next month.</p>'),
    );
    expect(page.paragraphs).toEqual([...prose, 'What happens next', 'Work on the piers starts next month.']);
    const text = page.paragraphs.join('\n');
    for (const furniture of ['World', 'Share on Facebook', 'Related stories', 'Bus fares', 'Copyright'])
      expect(text).not.toContain(furniture);
  });

  it('decodes entities', () => {
    const page = extractHtml(
      articlePage(
        '<meta property="og:title" content="Ferries &amp; piers: the council&#8217;s plan">',
        '<p>Caf&eacute; owners said &ldquo;we&rsquo;re delighted&rdquo; &amp; ordered&nbsp;more boats &#x2014; twice.</p>',
      ),
    );
    expect(page.title).toBe('Ferries & piers: the council’s plan');
    expect(page.paragraphs).toContain('Café owners said “we’re delighted” & ordered more boats — twice.');
  });

  it('keeps zero-width joiners inside words: Persian words and emoji sequences stay whole', () => {
    const persian = 'وزیر خارجه گفت: «ما می\u200cخواهیم گفت\u200cوگو ادامه پیدا کند.»';
    const family = '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}';
    const page = extractHtml(
      articlePage(
        `<meta property="og:title" content="می\u200cخواهیم — ${family} families">`,
        `<p>${persian}</p><p>Readers sent ${family} and\u200c \u200dspaces\u200b around joiners.</p>`,
      ),
    );
    expect(page.title).toBe(`می\u200cخواهیم — ${family} families`);
    expect(page.paragraphs).toContain(persian);
    // a joiner touching white space joins nothing: it goes with the space
    expect(page.paragraphs).toContain(`Readers sent ${family} and spaces around joiners.`);
  });

  it('survives malformed HTML and empty input', () => {
    const empty = extractHtml('');
    expect(empty).toEqual({
      title: null,
      section: null,
      byline: null,
      published: null,
      publishedFrom: null,
      source: null,
      url: null,
      paragraphs: [],
    });
    const broken = extractHtml(`<html><body><div><p>${prose[0]}<p>${prose[1]}</div></span><script>var x = "<p>";</script><p>${prose[2]}`);
    expect(broken.paragraphs).toEqual(prose.slice(0, 3));
    const deep = '<div>'.repeat(100_000) + `<p>${prose[0]}</p>`;
    expect(extractHtml(deep).paragraphs).toEqual([prose[0]]);
    expect(() =>
      extractHtml('<meta property="og:title" content="x"><script type="application/ld+json">{not json</script><<<>>>&&&'),
    ).not.toThrow();
  });
});
