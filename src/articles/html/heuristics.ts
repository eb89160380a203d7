/** Heuristics for HTML article extraction, kept as data apart from the code that applies them. */

/** Elements that never hold article prose: dropped before scoring. */
export const DROPPED_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'source',
  'track',
  'map',
  'nav',
  'aside',
  'footer',
  'header',
  'button',
  'select',
  'input',
  'textarea',
  'label',
  'option',
  'dialog',
  'menu',
  'figcaption',
  'link',
  'meta',
  'head',
]);

/** Elements that break text into separate blocks; everything else flows inline. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figure',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hgroup',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'html',
  'caption',
]);

/** Block elements whose own text is scored as a paragraph of prose. */
export const PARAGRAPH_TAGS: ReadonlySet<string> = new Set(['p', 'pre', 'td', 'blockquote', 'li', 'dd']);

/** Containers worth scoring as the article's home. */
export const CONTAINER_TAGS: ReadonlySet<string> = new Set([
  'div',
  'article',
  'section',
  'main',
  'td',
  'body',
  'blockquote',
  'form',
  'center',
  'span',
  'font',
]);

/** Initial container score by tag: divs and articles usually hold prose, lists and forms rarely. */
export const TAG_WEIGHTS: Readonly<Record<string, number>> = {
  article: 10,
  main: 8,
  div: 5,
  section: 3,
  pre: 3,
  td: 3,
  blockquote: 3,
  form: -3,
  ol: -3,
  ul: -3,
  dl: -3,
  dd: -3,
  li: -3,
  address: -3,
  th: -5,
  h1: -5,
  h2: -5,
  h3: -5,
  h4: -5,
  h5: -5,
  h6: -5,
};

/** Class/id words (camelCase split into hyphenated words) that mark boilerplate when they stand as a whole word. */
export const BOILERPLATE_CLASS =
  /(?:^|[\s_-])(?:ad|ads|adv|advert\w*|banner|breadcrumbs?|combx|comments?|commentlist|community|cookie\w*|disqus|dfp|gdpr|footer|foot|masthead|menu|navbar|nav|navigation|newsletter\w*|outbrain|taboola|pagination|pager|paywall|popup|modal|promo\w*|recirc\w*|related|recommend\w*|remark|replies|rss|share\w*|sharing|shoutbox|sidebar|skyscraper|social|sponsor\w*|subscribe\w*|subscription|supplemental|tags?|tagcloud|toolbar|tools|trending|popular|read-?more|signup|widget|bio|login|print-?only|hidden|sr-only|screen-?reader\w*|offscreen|skip|caption|credit|credits|byline|dateline|timestamp|meta|more-stories|most-popular|visually-hidden)(?=$|[\s_-])/;

/** Class/id words that rescue an element matching BOILERPLATE_CLASS when it holds several paragraphs. */
export const CONTENT_CLASS = /(?:^|[\s_-])(?:article|body|content|entry|main|post|story|prose)(?=$|[\s_-])/;

/** Embedded posts (tweets, Instagram) that articles quote: kept even inside "social" wrappers. */
export const EMBED_CLASS = /social-(?:media-)?embed|embed-social|twitter-tweet|instagram-media|tiktok-embed/;

/** An element holding more than this share of the page's paragraphs is layout, whatever its class says. */
export const LAYOUT_WRAPPER_SHARE = 0.5;

/** Unlinked paragraph text one element must hold to be the page's prose core, kept whatever its wrappers' classes say. */
export const PROSE_CORE_MIN_CHARS = 500;

/** Paragraphs below the element needed before a content word outweighs a boilerplate word. */
export const RESCUE_MIN_PARAGRAPHS = 2;

/** Class/id words that raise a container's score. */
export const POSITIVE_CLASS = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|prose/i;

/** Class/id words that lower a container's score. */
export const NEGATIVE_CLASS =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|byline|caption|credit|newsletter|subscribe|social|recirc|trending/i;

/** Whole paragraphs that are furniture, not prose, even inside the article container. */
export const BOILERPLATE_LINE =
  /^(?:advertisement|advertising|advert|ad|sponsored|sponsored content|anzeige|werbung|publicidad|publicité|pubblicità|реклама|iklan|share(?: this)?(?: article| story| post)?|share on \w+|tweet|email|print|comments?|\d+ comments?|read more|continue reading|related(?: articles| stories| content| posts?)?|recommended(?: for you)?|trending(?: now)?|subscribe(?: now)?|sign up|click here|image|photo|caption|video|getty images|ap photo|loading\.*|close|menu|more|skip to (?:main )?content|follow us(?: on \w+)?|more from [\w ]+|most (?:popular|read)|listen to this article|you may also like|you might also like|also read|see also|watch|top stories|more great [\w ]+ stories|popular on [\w ]+)[.:!…]*$/i;

/** Openings of furniture lines: reading time, filing tags, "Related:" teasers. */
export const BOILERPLATE_PREFIX =
  /^(?:\d+\s*min(?:ute)?s?\s+read\b|reading time\s*:|tempo de leitura\s*:|lesezeit\s*:|filed under\s*:|tags?\s*:|tagged\s*:|categories\s*:|posted in\s*:|related(?: post| article| story| coverage)?\s*:|read (?:more|also|next)\s*:|see also\s*:|also read\s*:|more\s*:\s|photo\s*:|image\s*:|credit\s*:|source\s*:\s*getty)/i;

/** Longest paragraph the prefix rule may drop: past it the opening is probably part of a sentence. */
export const BOILERPLATE_PREFIX_MAX_CHARS = 160;

/** Phrases of calls to action (newsletters, sharing, apps); a short paragraph holding one is not prose. */
export const CALL_TO_ACTION =
  /\b(?:sign up (?:for|to) (?:our|the|free)|subscribe (?:to (?:our|the)|now|today|here)|our (?:daily |weekly |free |email )?newsletters?|(?:to|in|into) your inbox|click here|sharing is caring|share (?:this|it) with|like this (?:story|article)\?|tell us what you think|follow us on|download (?:our|the) app|requires javascript|enable javascript)\b/i;

/** Paragraphs longer than this are prose even when they mention a newsletter. */
export const CALL_TO_ACTION_MAX_CHARS = 250;

/** Minimum text length of a paragraph that counts towards a container's score. */
export const MIN_SCORED_PARAGRAPH = 25;
