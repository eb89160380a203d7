/** Pictures in rendered views (issue 21): one per embed and size, the first entry's that has one, only safe addresses. */
import { describe, expect, it } from 'vitest';
import { renderText } from '../src/console/render.js';
import { renderView } from '../src/discord/render.js';
import { briefingView, type View, type ViewEntry } from '../src/view.js';

const picture = (n: number) => `https://img.example/${n}.jpg`;

/** Headline entries long enough that a list of them fills several embeds. */
function headlines(count: number, imageOf: (i: number) => string | null): ViewEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const url = imageOf(i);
    return {
      text: `Story ${i} ${'word '.repeat(150)}`,
      detail: 'Coast News · 2025-03-30',
      url: `https://news.example/${i}`,
      ...(url ? { image: { url, size: 'thumbnail' as const } } : {}),
    };
  });
}

describe('pictures in Discord embeds', () => {
  it('gives each embed of a headline list the thumbnail of the first entry in it that has one', () => {
    const entries = headlines(24, (i) => (i % 3 === 1 ? picture(i) : null));
    const [message] = renderView({ title: 'Latest headlines', entries });
    const embeds = message!.embeds;
    expect(embeds.length).toBeGreaterThan(1);
    for (const embed of embeds) {
      const first = entries.findIndex((e) => e.image && embed.description!.includes(`Story ${entries.indexOf(e)} `));
      expect(embed.thumbnail).toEqual(first >= 0 ? { url: picture(first) } : undefined);
      expect(embed.image).toBeUndefined();
    }
    expect(embeds[0]!.thumbnail).toEqual({ url: picture(1) });
  });

  it('leaves out a picture whose address is not http(s), and shows the next one instead', () => {
    const entries = headlines(3, (i) => [`javascript:alert(${i})`, 'data:image/png;base64,AAAA', picture(2)][i]!);
    const [message] = renderView({ title: 'Latest headlines', entries });
    expect(message!.embeds.map((e) => e.thumbnail)).toEqual([{ url: picture(2) }]);
  });

  it("shows a briefing's top story large, its other stories not at all, and the console none of them", () => {
    const story = (id: string, image: string | null) => ({
      id,
      title: `Story ${id}`,
      url: `https://news.example/${id}`,
      source: 'Coast News',
      published: '2025-03-30',
      image,
      alsoIn: [],
    });
    const briefing = {
      topics: [
        { topic: 'harbour', headlines: [story('a', picture(1)), story('b', picture(2))], summary: null },
        { topic: 'pier', headlines: [story('c', picture(3))], summary: null },
      ],
    };
    const view: View = briefingView(briefing, 'Briefing: harbour, pier');
    const messages = renderView(view);
    const embeds = messages.flatMap((m) => m.embeds);
    expect(embeds.map((e) => e.image ?? null)).toEqual([{ url: picture(1) }, ...embeds.slice(1).map(() => null)]);
    expect(JSON.stringify(messages)).not.toMatch(/img\.example\/[23]\.jpg/);
    expect(renderText(view)).not.toContain('img.example');
  });
});
