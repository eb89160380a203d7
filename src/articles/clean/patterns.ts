/**
 * What boilerplate looks like in a whole-page text dump: heuristics as data, kept apart from the
 * code that applies them (blocks.ts, metadata.ts). Every rule here must hold for news
 * pages in general, never for one site.
 */

/** Line lengths in characters (CJK characters count double), after jusText (Pomikálek 2011). */
export const LENGTH = {
  /** Under this a line is "short": a label, a menu entry, a headline, unless it is a whole sentence. */
  short: 70,
  /** A short line ending in a full stop is a sentence of prose from this length on. */
  sentence: 30,
  /** Lines at least this long set the page's reference stop-word density. */
  reference: 150,
  /** Lines this long are never checked against the phrase patterns (no boilerplate is this long). */
  maxPatternCheck: 400,
} as const;

export const STOP_DENSITY = {
  /** jusText's bar for prose; pages with sparse function words get a lower, relative one. */
  low: 0.28,
  /** The relative bar: this fraction of the median density of the page's long lines. */
  relative: 0.6,
  /** Long lines needed before the page's median is trusted. */
  minReferenceLines: 3,
  /** A page whose words hit a list less often than this is not in that list's language. */
  languageMin: 0.12,
} as const;

/**
 * Headers of related-content blocks ("Recommended", "Read more", "More from Sport"): the short lines
 * after one are teasers, even inside the article (body.ts).
 */
export const RELATED_CONTENT_HEADERS: readonly RegExp[] = [
  /^(recommended|trending|popular|related|most (popular|read|viewed|shared|commented|emailed))( for you| now| today| stories| articles| posts| videos?| reading| news| topics| content| links| coverage| on [^.]{1,40})?\s*:?$/i,
  /^(read (more|next|also|this next)|more (from|on|in|stories|news|like this|to explore)|see also|see more|don[’']?t miss|you (may|might) (also )?like|also (read|on|see)|up next|what to read next|editor'?s picks|top stories|latest (news|stories|videos?)|related)\s*(:.{0,100}|[»›>]|\.{3}|…)?$/i,
  // a link to one story under a label: "Related post: ...", "Related Roundup: ...", "Also: ..."
  /^(related( [\w-]+){1,2}|also)\s*:\s*\S.{0,100}$/i,
  /^more (from|on|in|about) [^.!?]{1,50}$/i,
  // "Read: <headline>", a link to another story set between paragraphs
  /^read\s*:\s*\S.{0,150}$/i,
  /^(more|other|latest|recent|related|similar|further|popular|trending|most (read|popular|viewed|shared))( [\w&'’-]+){0,3} (stories|articles|posts|reads|reading|videos|headlines|coverage)\s*:?$/i,
  /^(next up( in [^.!?]{1,40})?|around the web|from (around|across) the web|from our partners|promoted stories|sponsored stories|you (may|might) also be interested in|we recommend|in case you missed it|keep reading)\s*:?$|^more\s*:$/i,
];

/** A line wholly in square brackets ("[Read: ...]", "[Related: ...]"): what is inside is judged as a line of its own. */
export const BRACKETED_LINE = /^\[\s*([^\]]*?)\s*\]$/;

/** A related-content header that names its one story ("Read more: ...", "More on Brexit"): a box inside the article. */
export const NAMES_ONE_STORY = /:\s*\S|^more (from|on|in|about) /i;

/**
 * Whole lines that are page furniture: ads, share bars, calls to action, section furniture.
 * Each is matched against the whole trimmed line, case-insensitively.
 */
export const BOILERPLATE_LINES: readonly RegExp[] = [
  // ads and sponsored slots
  /^(advertisement|advertising|advert|ad|ads|sponsored( content)?|promoted( content)?|paid (content|post)|publicidade|anzeige|pubblicità|publicité|реклама)\s*[:.\-–—]?\s*(scroll to continue( with content)?|continue reading below|story continues below( advertisement)?)?$/i,
  /^(story|article) continues below( advertisement)?$/i,
  /^continue reading( the main story| below| after the ad(vertisement)?)?$/i,
  /^skip (to|over) (main |the )?(content|navigation|site index|ad)\b.*$/i,
  // share bars and social links
  /^(share|tweet|email|e-mail|print|pin|reddit|whatsapp|linkedin|pinterest|facebook|twitter|instagram|youtube|telegram|flipboard|messenger|copy( the)? link|copy this link)( this( article| story| page)?)?$/i,
  /^(share|sharing|share this( article| story| with)?|share on|share via|share to|post to)\b.{0,40}$/i,
  /^(follow|like) (us|@?\w+( \w+){0,3}) on\b.{0,60}$/i,
  /^click (here|to)\b.{0,80}$/i,
  /^(supported|sponsored|presented|powered|brought to you) by\b.{0,40}$/i,
  // calls to action: subscribe, sign up, log in, newsletters
  /^(subscribe|sign (up|in|out)|log ?(in|out)|register|create (an|your) account|get the newsletter|newsletters?)\b.{0,80}$/i,
  /^(join|start) the (conversation|discussion)\b.{0,60}$/i,
  /^(thanks|thank you) for (signing up|subscribing|reading|your feedback)\b.{0,80}$/i,
  ...RELATED_CONTENT_HEADERS,
  // markup saved as text (an editor's leftover tags, escaped or not): tags and character references, nothing else
  /^(?:\s*(?:&lt;\/?[a-z](?:(?!&gt;).)*&gt;|<\/?[a-z][^<>]*>|&(?:amp;)?#?\w{1,8};))+\s*$/i,
  // tags and topics lists
  /^(tags?|topics?|filed under|categories|category|related tags|keywords)(\s*:.{0,100})?$/i,
  /^(filed under|tagged( with)?)\b.{0,100}$/i,
  // legal
  /^(privacy( policy| notice)?|terms (of|and) (use|service|conditions)|cookie (policy|settings)|about us|contact( us)?|site ?map|back to top|top|menu|search|close|home|more|next|previous|prev|load more|show more)\s*[»›>«‹<↑]?$/i,
  // photo credits and captions
  /^(photo|photos|photograph|image|images|picture|pictures|illustration|video|graphic|credit|source|foto|bild)\s*(credit|copyright|caption|source)?\s*[:|].{0,160}$/i,
  /^(image|photo|media|video) (copyright|caption|credit)\b.{0,200}$/i,
  /^credit\b.{0,100}$/i,
  /^.{0,80}\b(getty images|shutterstock|istock(photo)?|ap photo|afp photo|reuters photo|epa-efe|file photo|handout photo)\b.{0,60}$/i,
  /^.{0,60}\b(via|for|\/) (ap|afp|reuters|getty|getty images|epa|the associated press|bloomberg)\)?$/i,
  /^(ap|afp|reuters|epa|getty|pool)(\s*[/|,]\s*(ap|afp|reuters|epa|getty|pool|file))*\)?$/i,
];

/**
 * Lines after which the article does not go on: the comment section and the copyright footer.
 * They are furniture too, and the body is not allowed to run across them.
 */
export const END_OF_ARTICLE_LINES: readonly RegExp[] = [
  /^(leave|add|post|write|show|view|hide|read|see|load|top rated|top|all|latest|newest|oldest) ?(a |all |the |more |new |your |\d+ )?(comments?|replies|reader comments)\b.{0,40}$/i,
  /^(leave a reply|reply|join the discussion|discussion|conversation|comments are closed\b.*|comments? policy)$/i,
  /^[[(]?\s*\d+\s*comments?\s*[\])]?$/i,
  /^comments?\s*(\(\d+\)|\d+)?$/i,
  /^(©|\(c\)|copyright\b|ⓒ).{0,300}$/i,
  /^.{0,200}\ball rights reserved\b.{0,100}$/i,
];

/** Phrases that make any line boilerplate when the line is short enough to be a notice, not prose. */
export const BOILERPLATE_PHRASES: readonly RegExp[] = [
  /\bwe use cookies\b|\buses cookies\b|\bcookie policy\b|\baccept (all )?cookies\b/i,
  /\benable javascript\b|\bjavascript is disabled\b|\bbrowser (is|does) not support\b/i,
  /\bsign up for (our|the) [\w ]{0,30}newsletter\b|\bsubscribe to (our|the) [\w ]{0,30}newsletter\b/i,
  /\bby (clicking|signing up|subscribing)\b.{0,80}\b(agree|privacy|terms)\b/i,
];

/**
 * A consent notice opening a line ("We use cookies and similar technologies to ...", "This website
 * uses cookies to ..."): the line is a notice however long it runs, up to maxLength.
 */
export const NOTICE_OPENING = {
  pattern: /^(we|this (web)?site|our (web)?site|this page)( and (our|its) partners)? uses? cookies\b/i,
  maxLength: 1000,
} as const;

/**
 * Every phrase above holds one of these words: a line without any cannot match, and looking for a
 * handful of words is a cheaper scan than trying every phrase at every position.
 */
export const BOILERPLATE_PHRASE_KEYWORDS = /cookie|javascript|browser|newsletter|by (?:clicking|signing|subscribing)/i;

/**
 * Calls to action that read like sentences: newsletter and alert pitches, "share it with a friend".
 * Only lines that would otherwise count as prose, or that sit inside the body, are tried: menus
 * never need it, and it is a costly scan.
 */
export const CALL_TO_ACTION_PHRASES: readonly RegExp[] = [
  /\bnewsletters?\b|\bunsubscribe\b|\bsubscribe to (our|the)\b|\b(like|want) to subscribe\b|\byour (inbox|subscription)\b|\bno spam\b/i,
  /\bbreaking news (alerts?|emails?)\b|\b(like|enjoy(ed)?) this (story|article)\b|\bshare (it|this)( story| article)? with\b/i,
  /\bjoin our\b.{0,30}\b(forums?|community|mailing list)\b/i,
  // the writer's contact pitch closing an article ("Have a tip? Jane Doe may be reached at ...")
  // (a handle, an address or a question mark: "the police got a tip" and "follow her on Instagram, where ..." stay prose)
  /\bfollow (him|her|them|me) on (twitter|instagram)\s*(at\s*)?@\w|\b(have|got) a (news )?tip( for us)?\s*\?|\b(may|can) be reached at \S+@/i,
];

/** Every call to action holds one of these: a cheaper scan than the phrases, so most lines skip them. */
export const CALL_TO_ACTION_KEYWORDS =
  /letter|bscri|nbox|spam|alert|mail|share|join|this (?:stor|arti)|follow (?:him|her|them|me)|tip\b|reached at/i;

/** A photo caption ends in its credit: "... (Image: Getty)", "... (AP Photo/Jane Doe)", "(Photo Credit : PTI)". */
export const CAPTION_CREDIT =
  /\((?:image|photo|picture|pic|foto)s?(?: credit)?\s*:[^()]{1,60}\)|\bphoto\s*\/\s*[^()]{1,60}\)|\(credits?\s*:[^()]{1,60}\)/i;
/** ... or in a photographer's name and outlet: "(Ellen M. Banner / The Seattle Times)", "(Jane Doe/AP, File)". */
export const CAPTION_NAMED_CREDIT = /\((?:\p{Lu}[\p{L}.'’-]*\s+){1,3}\p{Lu}[\p{L}.'’-]*\s*\/\s*[^()/]{1,50}\)$/u;
/** The credit is looked for in this many last characters of a line that ends in a bracket. */
export const CAPTION_CREDIT_TAIL = 80;

/** Picture agencies, as photo credits name them. */
const PICTURE_AGENCIES =
  'Reuters|AP|AFP|Getty Images|Getty|EPA|EPA-EFE|Bloomberg|Shutterstock|Alamy|Xinhua|Sipa|NurPhoto|Anadolu|dpa|Pool|PA|The Associated Press';
/**
 * A caption's credit after its last sentence, without brackets: "... Austria. Leonhard Foeger /
 * Reuters file", "... 2019. © Reuters / David Mercado", "... 2019. J. Scott Applewhite / AP".
 */
export const CAPTION_TRAILING_CREDIT = new RegExp(
  String.raw`[.!?]["”’]?\s+(?:©\s*|(?:\p{Lu}[\p{L}.'’-]*\s+){0,3}\p{Lu}[\p{L}.'’-]*\s*\/\s*)(?:${PICTURE_AGENCIES})` +
    String.raw`(?:\s*\/\s*\p{Lu}[\p{L}.'’ -]{1,40}|\s+file|\s+via\s+[\p{L} ]{1,30})?$`,
  'u',
);

/**
 * A caption's credit after its last words, under a label: "... on Thursday Credit: STR/AFP", "...
 * Parata. Photograph: Adrian Malloch for the Guardian", or glued to the sentence as some pages print
 * it ("... in Queens.CreditChang W. Lee/The New York Times"). The label is capitalised and the credit
 * holds no sentence of its own, so prose that mentions an image goes on being prose.
 */
export const CAPTION_LABELLED_CREDIT =
  /(?:[\p{Ll}.!?"”’)]\s+|[.!?"”’)])(?:Photograph|Photo|Image|Picture|Illustration|Credits?)(?: [Cc]redit)?\s*:\s*\p{Lu}[^!?:;]{0,60}$|[.!?"”’)](?:Credit)+\p{Lu}[^!?:;]{0,60}$/u;

/** A pitch or caption is shorter than this: a longer line mentioning a newsletter is a paragraph. */
export const CALL_TO_ACTION_MAX_LENGTH = 250;

/** A notice (cookie banner, newsletter pitch) is shorter than this; longer lines are prose quoting it. */
export const PHRASE_MAX_LENGTH = 300;

/**
 * Sentence-final punctuation across scripts: prose ends in it, menus and headlines seldom do. A line
 * ends a sentence when it ends in one of these, maybe followed by closing quotes and brackets, with
 * no full stop just before the mark (neither ".." nor ".!" ends a sentence).
 */
export const SENTENCE_FINAL = '.!?。！？';
export const SENTENCE_CLOSERS = `"'”’»)]`;

/** A line this share of whose words (of 4+ letters) are capitalised is a headline, not a sentence. */
export const TITLE_CASE_SHARE = 0.8;

/**
 * Letters of scripts written without spaces or with dense syllables, which count double in length
 * (Hangul, CJK radicals, kana, CJK ideographs, Hangul syllables, compatibility ideographs): pairs of
 * first and last code unit, in ascending order.
 */
export const DENSE_SCRIPT_RANGES: readonly number[] = [
  0x1100, 0x11ff, 0x2e80, 0x2fff, 0x3040, 0x30ff, 0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xac00, 0xd7af, 0xf900, 0xfaff,
];

/** Costs of non-prose lines when choosing the body run (prose lines gain their size). */
export const BODY_WEIGHTS = {
  /** An ad, share bar or credit line inside the body costs little: one must not split an article. */
  furniture: 15,
  /** A comment-section header or copyright line: the body does not run across one. */
  endOfArticle: 1000,
  /** Prose (in characters) that must precede an end-of-article line for it to end anything. */
  proseBeforeEnd: 400,
  /** Prose after the article's end (reader comments, legal text, other stories) counts this fraction of its size. */
  afterEndFactor: 0.25,
  /** A short line that is not a sentence: a menu entry or a headline in a list. */
  shortLine: 25,
  /** A longer line that is not prose (teaser lists, legal text) costs this fraction of its size. */
  badProseFactor: 0.5,
  /** ...and this fraction when it ends like a sentence. */
  sparseSentenceFactor: 0.1,
  /** Discount on a prose line with no prose next to it: a teaser in a link list, usually. */
  isolatedProse: 150,
} as const;

/**
 * A table of figures in the body (standings, results, prices): at least minRows lines in a row, each
 * at most rowMaxLength long and holding rowNumbers numbers or more. A menu's entries hold no numbers.
 */
export const TABLE = { minRows: 4, rowNumbers: 3, rowMaxLength: 150 } as const;

/**
 * The credit line of a post embedded in the article, as a dump prints it under the post's text: a
 * dash, the author's name, the handle in brackets, the date ("— Jane Doe (@janedoe) November 18, 2019").
 */
export const EMBED_CREDIT = { pattern: /^[—–-]\s*\S[^()]{0,80}\(@\w{1,30}\)\s.{0,30}\d{4}$/u, maxLength: 160 } as const;

/**
 * Separators between the parts of a page title ("Headline | Section | Site", "Opinion | Headline -
 * Site", "Headline : Site"): spaced on both sides, so hyphenated words and "80/90" stay whole.
 */
export const TITLE_PART_SEPARATOR = /\s+(?:[|–—·•»~>/]|-{1,2}|::|:)\s+/gu;
/** Only these separators set a section label before the headline ("Opinion | Headline"); a colon there is the headline's own. */
export const LEADING_LABEL_SEPARATOR = /^\s+[|]\s+$/u;

/** A site name is short: a few words, no sentence. */
export const SITE_NAME_MAX_WORDS = 5;
export const SITE_NAME_MAX_LENGTH = 40;
/** A site name holds at most this many function words ("Times of India"; "And They're Not Great" is a headline's tail). */
export const SITE_NAME_MAX_STOP_WORDS = 1;
/** A section label in a title ("World", "Afghanistan News", "Life & Style"): a few capitalised words. */
export const TITLE_SECTION = { maxWords: 3, maxLength: 30 } as const;
/** Articles a name may open with, not counted as function words ("The Guardian", "Le Monde"). */
export const LEADING_ARTICLES: ReadonlySet<string> = new Set([
  'the',
  'le',
  'la',
  'les',
  'el',
  'los',
  'die',
  'der',
  'das',
  'il',
  'lo',
  'o',
  'a',
  'de',
]);
/** Sentence punctuation: a title part holding it is part of the headline, never a site or section. */
export const SENTENCE_PUNCTUATION = /[,;!?"“”]|\.\s/u;

/** Headline length bounds, in characters. */
export const HEADLINE = { min: 15, max: 250 } as const;

/** A section label ("Tipsheet", "Opinion", "World News") above the headline. */
export const SECTION_LABEL = /^[\p{L}&'’ ./-]{2,30}$/u;
export const SECTION_MAX_WORDS = 4;
/** Interface words: a line with one is a button or menu entry, not a section. */
export const NOT_A_SECTION =
  /\b(log|sign|share|sharing|copy|learn|more|menu|home|account|search|close|open|comments?|subscribe|print|email|next|previous)\b/i;

/** Byline layouts: "By Jane Doe", "Jane Doe, Reuters", "Jane Doe - Nov 19, 2019", "... by Jane Doe". */
export const BYLINE_BY = /^by\s*:?\s+(.+)$/iu;
export const BYLINE_TRAILING_BY = /\bby\s+(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})\s*$/u;
export const BYLINE_NAME_FIRST = /^(\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3})\s*(?:,|\s[-–—|/•]|\s@)\s*\S.{0,60}$/u;
/** Where a name after "By" stops: a separator, a date, a role. */
export const BYLINE_NAME_END = /\s*(?:[|•·/]|\s[-–—]\s|,|\bon\b|\bupdated\b|\bpublished\b|\bposted\b|\d).*$/iu;
export const NAME = /^\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|&|de|da|van|von|der|bin|al))*$/u;

/** Month names in the languages news pages most often come in, to month number. */
export const MONTHS: ReadonlyMap<string, number> = new Map(
  [
    'january february march april may june july august september october november december',
    'jan feb mar apr may jun jul aug sep oct nov dec',
    'sept',
    'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre',
    'janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro',
    'janvier février mars avril mai juin juillet août septembre octobre novembre décembre',
    'januar februar märz april mai juni juli august september oktober november dezember',
    'gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre',
    'januari februari maret april mei juni juli agustus september oktober november desember',
  ].flatMap((row) => row.split(' ').map((name, i): [string, number] => [name, name === 'sept' ? 9 : i + 1])),
);

/**
 * Words a dateline may hold beside its date ("Published 10:02 AM EST Nov 19, 2019", "Updated Monday
 * 9:28 AM UTC | 2 min read"): a line of a date and these words alone is metadata, not a paragraph.
 */
export const DATE_LINE_WORDS: ReadonlySet<string> = new Set(
  `published posted updated modified first last on at by am pm a.m p.m utc gmt est edt cst cdt pst pdt et bst cet cest ist jst
  aest today yesterday monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
  min mins minute minutes read reading time de le el am um`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
/** A dateline is short; longer lines with a date are sentences that mention one. */
export const DATE_LINE_MAX = 90;
/** Words of a dateline that may be neither a date nor DATE_LINE_WORDS (a source: "Nov 20, 2019 | Reuters"). */
export const DATE_LINE_OTHER_WORDS = 1;

/** A byline alone on its line ("By Reuters", "By Jane Doe and John Roe"): metadata, never a paragraph. */
export const BYLINE_LINE = /^by\s*:?\s+[^.!?]{2,60}$/iu;

/** Lines that say when the article was published (preferred over other dates near the headline). */
export const PUBLISHED_CUE = /\b(published|posted|first published|publicado|publié|veröffentlicht|pubblicato)\b/i;

/** News agencies whose name opens a wire story: "WASHINGTON (Reuters) -", "(AP) —". */
export const WIRE_AGENCIES: readonly string[] = [
  'Reuters',
  'AP',
  'AFP',
  'Associated Press',
  'Bloomberg',
  'UPI',
  'CNN',
  'dpa',
  'DPA',
  'EFE',
  'ANSA',
  'Xinhua',
  'PTI',
  'IANS',
  'ANI',
  'AAP',
  'Kyodo',
  'Yonhap',
  'TASS',
  'Interfax',
  'CNS',
  'RNS',
  'BNO',
  'CP',
  'The Canadian Press',
  'AP Photo',
];

/**
 * A wire or dateline opener at the start of a story: "WASHINGTON (AP) — ", "(Reuters) - ",
 * "HAYWARD, Calif. (AP) — ", "NEW DELHI: ", "MADRID — ". The place is in capitals, the agency in
 * brackets; either may be missing, not both. Group 1 is the place, group 2 the agency.
 */
export const WIRE_OPENER = new RegExp(
  String.raw`^(?:(\p{Lu}[\p{Lu}\p{M} .'’-]{2,30}?(?:,\s*\p{Lu}[\p{L}.]{0,14}(?:\s\p{Lu}[\p{L}.]{0,14})?)?)\s*)?` +
    String.raw`(?:\((${WIRE_AGENCIES.join('|')})\)\s*)?(?:[-–—]{1,2}|:)\s+(?=\S)`,
  'u',
);

/**
 * A profile card glued into a sentence where a linked name was (hover text saved with the page):
 * "Gov. Kristi Noem Kristi Lynn Noem South Dakota governor ... MORE (R) is ...". The card repeats
 * the name's first word and ends in " MORE ". Groups 1 and 2 are the linked name, kept; the card goes.
 */
export const HOVER_CARD = /\b(\p{Lu}[\p{L}'’-]+)((?: \p{Lu}[\p{L}.'’-]*){0,3}) \1(?: \p{Lu}[\p{L}.'’-]*){0,3} .{0,900}? MORE (?=\S)/gu;
/** Every hover card holds this; a paragraph without it is not searched (a capital M is rarer than the space before it, so a quicker search). */
export const HOVER_CARD_END = 'MORE';
