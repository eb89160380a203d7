/** Word lists the claim check reads (ADR 18): polarity, opposites, actors' surroundings. Data only, no logic. */

/** Words that negate what follows them. "-n't" contractions count too. */
export const NEGATIONS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'cannot', 'nowhere',
]);

/**
 * Opposites: each entry is two sides, each a list of word beginnings ("reject" covers rejects, rejected,
 * rejection; one under 4 letters only takes endings like -s, -ed, -ing, -er, -ned). A claim word on one side that its source sentences lack, where they hold a
 * word of the other side, states the reverse. Kept to words whose beginnings are unambiguous.
 */
export const OPPOSITES: readonly (readonly [readonly string[], readonly string[]])[] = [
  [['accept', 'agree', 'approv', 'endors', 'embrac', 'welcom', 'consent'], ['reject', 'refus', 'declin', 'disagree', 'oppos', 'veto', 'spurn', 'rebuff', 'block']],
  [['rise', 'rose', 'risen', 'rising', 'grow', 'grew', 'growth', 'increas', 'climb', 'jump', 'gain', 'soar', 'surg', 'rais', 'boost', 'up', 'higher', 'expand', 'rall'], ['fall', 'fell', 'fallen', 'drop', 'declin', 'decreas', 'shrank', 'shrink', 'slump', 'plung', 'tumbl', 'slid', 'cut', 'lower', 'down', 'reduc', 'sank', 'sink', 'lost', 'lose', 'loss']],
  [['win', 'won', 'victor', 'beat', 'defeat'], ['lose', 'lost', 'losing', 'loss', 'beaten', 'defeated']],
  [['support', 'back', 'favour', 'favor', 'prais'], ['oppos', 'against', 'criticis', 'criticiz', 'condemn']],
  [['allow', 'permit', 'legalis', 'legaliz', 'lift'], ['ban', 'forbid', 'prohibit', 'outlaw', 'block', 'impos']],
  [['open', 'launch', 'start', 'began', 'begin', 'resum'], ['clos', 'shut', 'end', 'stop', 'halt', 'suspend', 'ceas', 'finish']],
  [['confirm', 'admit', 'acknowledg'], ['deni', 'deny']],
  [['more', 'most', 'larg', 'bigg', 'great', 'best', 'strong'], ['less', 'least', 'fewer', 'fewest', 'small', 'worst', 'weak']],
  [['profit', 'surplus'], ['loss', 'deficit']],
  [['guilty', 'convict'], ['innocent', 'acquit']],
  [['hire', 'hiring', 'hired', 'recruit'], ['fire', 'fired', 'sack', 'layoff', 'dismiss']],
  [['join', 'enter', 'arriv'], ['leav', 'left', 'quit', 'exit', 'withdr', 'depart']],
  [['succeed', 'success'], ['fail']],
  [['buy', 'bought', 'purchas', 'acquir'], ['sell', 'sold']],
  [['above'], ['below', 'beneath']],
  [['over'], ['under']],
  [['before'], ['after']],
  [['young'], ['old', 'elder', 'eldest']],
  [['advanc'], ['retreat']],
];

/** Words after which a name is what something is done to, near, or about: not who does it. */
export const PREPOSITIONS: ReadonlySet<string> = new Set([
  'in', 'on', 'at', 'to', 'with', 'from', 'by', 'of', 'for', 'about', 'against', 'into', 'onto', 'regarding',
  'than', 'over', 'under', 'after', 'before', 'between', 'during', 'since', 'until', 'via', 'like', 'across',
  'through', 'toward', 'towards', 'near', 'among', 'amid', 'within', 'without', 'behind', 'beyond', 'despite',
  'including', 'versus', 'vs', 'per', 'upon', 'outside', 'inside', 'around',
]);

/** Words skipped between an actor and what it does: "Trump has also said", "Iran will not". */
export const BETWEEN_ACTOR_AND_VERB: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'has', 'have', 'had', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'will', 'would',
  'shall', 'should', 'can', 'could', 'may', 'might', 'must', 'do', 'does', 'did', 'also', 'still', 'now',
  'just', 'then', 'already', 'again', 'later', 'earlier', 'first', 'reportedly', 'repeatedly', 'previously',
  'recently', 'once', 'himself', 'herself', 'itself', 'themselves', 'who', 'which', 'that', 'not', 'never',
]);

/** Joiners of names acting together ("Iran and Oman said"). */
export const COORDINATORS: ReadonlySet<string> = new Set(['and', 'or', 'nor', '&', ',']);

/** Pronouns that stand for an actor named in a sentence before. */
export const SUBJECT_PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'they']);

/** Capitalised words that name a time, not an actor. */
export const TIME_NAMES: ReadonlySet<string> = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february',
  'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** Numbers written as words: a claim's "twelve" must be the source's. */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([
  'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen',
  'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty',
  'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'hundreds', 'thousand', 'thousands', 'million', 'millions',
  'billion', 'billions', 'trillion', 'dozen', 'dozens', 'half', 'third', 'quarter', 'double', 'doubled', 'triple', 'tripled',
]);

/** Openers a paraphrase may add before its first name without naming anyone. */
export const DISCOURSE_OPENERS: ReadonlySet<string> = new Set([
  'meanwhile', 'however', 'separately', 'additionally', 'overall', 'instead', 'still', 'earlier', 'later',
  'according', 'officials', 'critics', 'analysts', 'experts', 'police', 'authorities', 'residents', 'lawmakers',
]);
