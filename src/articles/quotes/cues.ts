// biome-ignore-all format: word lists, kept in rows as written
/** Word lists that quote attribution reads: cue verbs, titles, pronouns. Data only, no logic. */

/** Verbs that introduce reported speech, every form that appears in news copy. */
export const CUE_VERBS: ReadonlySet<string> = new Set([
  'said', 'says', 'say', 'saying', 'told', 'tells', 'tell', 'telling', 'added', 'adds', 'adding',
  'asked', 'asks', 'asking', 'wrote', 'writes', 'writing', 'stated', 'states', 'explained', 'explains',
  'explaining', 'warned', 'warns', 'warning', 'noted', 'notes', 'noting', 'insisted', 'insists', 'insisting',
  'argued', 'argues', 'arguing', 'tweeted', 'tweets', 'tweeting', 'declared', 'declares', 'declaring',
  'continued', 'continues', 'recalled', 'recalls', 'recalling', 'remarked', 'remarks', 'replied', 'replies',
  'responded', 'responds', 'answered', 'answers', 'announced', 'announces', 'acknowledged', 'acknowledges',
  'admitted', 'admits', 'claimed', 'claims', 'claiming', 'contended', 'contends', 'conceded', 'concedes',
  'confirmed', 'confirms', 'countered', 'counters', 'cautioned', 'cautions', 'complained', 'complains',
  'commented', 'comments', 'emphasized', 'emphasizes', 'emphasised', 'stressed', 'stresses', 'stressing',
  'suggested', 'suggests', 'suggesting', 'predicted', 'predicts', 'promised', 'promises', 'promising',
  'vowed', 'vows', 'vowing', 'pledged', 'pledges', 'urged', 'urges', 'urging', 'joked', 'jokes', 'joking',
  'quipped', 'quips', 'shouted', 'shouts', 'yelled', 'yells', 'screamed', 'chanted', 'chant', 'chanting',
  'sang', 'read', 'reads', 'posted', 'posts', 'wrote', 'observed', 'observes', 'mused', 'muses',
  'concluded', 'concludes', 'reported', 'reports', 'reiterated', 'reiterates', 'boasted', 'boasts',
  'bragged', 'brags', 'lamented', 'laments', 'thundered', 'charged', 'charges', 'blasted', 'slammed',
  'scoffed', 'sniped', 'snapped', 'retorted', 'pointed', 'points', 'went', 'goes', 'described',
  'describes', 'called', 'calls', 'calling', 'labeled', 'dubbed', 'wondered', 'wonders', 'believes',
  'believed', 'thinks', 'thought', 'recounted', 'recounts', 'testified', 'testifies', 'assured', 'assures',
  'announcing', 'elaborated', 'maintained', 'maintains', 'objected', 'protested', 'pleaded', 'begged',
  'demanded', 'demands', 'mocked', 'mocks', 'praised', 'praises', 'criticized', 'criticizes', 'attacked',
  'accused', 'accuses', 'denied', 'denies', 'disputed', 'proclaimed', 'proclaims', 'sighed', 'whispered',
  'interjected', 'opined', 'exclaimed', 'cried', 'echoed', 'echoes', 'tweet', 'wrote', 'texted', 'emailed',
  'messaged', 'writes', 'put', 'puts', 'summed', 'sums', 'barked', 'shot', 'fired', 'growled', 'snarled',
  'mused', 'offered', 'conceded', 'acknowledging', 'predicting', 'warning', 'insisting', 'declaring',
  'pressed', 'fumed', 'retaliated', 'demurred', 'interrupted', 'asserted', 'asserts', 'marveled', 'marvelled',
  'gushed', 'raged', 'ranted', 'railed', 'sneered', 'teased', 'confided', 'cracked', 'chimed', 'speculated',
  'reasoned', 'bemoaned', 'griped', 'grumbled', 'advised', 'hinted', 'estimated', 'rebutted', 'revealed',
  'disclosed', 'affirmed', 'reaffirmed', 'repeated', 'underscored', 'volunteered', 'implored', 'alleged',
  'alleges', 'decried', 'denounced', 'derided', 'ridiculed', 'hailed', 'lauded', 'touted', 'swore', 'threatened',
  'agreed', 'agrees', 'disagreed', 'disagrees', 'yelling', 'shouting', 'screaming', 'chanting', 'spoke', 'speaks',
  'remembered', 'remembers', 'exhorted', 'reflected', 'ventured', 'intoned', 'mentioned', 'questioned',
]);

/** Cue verbs whose object is the one spoken to: "told Reuters" names the listener, never the speaker. */
export const LISTENER_CUES: ReadonlySet<string> = new Set(['told', 'tells', 'tell', 'telling', 'asked', 'asks', 'asking']);

/** Cue verbs whose object is the one described, never the speaker: "called National Nurses United “a sponsor”". */
export const OBJECT_CUES: ReadonlySet<string> = new Set([
  'called', 'calls', 'calling', 'call', 'labeled', 'labelled', 'dubbed', 'described', 'describes', 'praised', 'praises',
  'criticized', 'criticizes', 'attacked', 'accused', 'accuses', 'mocked', 'mocks', 'blasted', 'slammed', 'hailed', 'lauded',
  'touted', 'denounced', 'derided', 'ridiculed', 'decried', 'thanked', 'urged', 'urges', 'urging', 'begged', 'implored', 'exhorted',
]);

/** Words standing between a subject and its cue verb: "also said", "has repeatedly said". */
export const BETWEEN_SUBJECT_AND_CUE: ReadonlySet<string> = new Set([
  'also', 'later', 'then', 'has', 'had', 'have', 'would', 'will', 'once', 'previously', 'recently', 'reportedly',
  'allegedly', 'often', 'again', 'further', 'simply', 'just', 'had', 'was', 'is', 'did', 'does', 'never', 'not',
  'quickly', 'publicly', 'privately', 'repeatedly', 'frequently', 'famously', 'bluntly', 'flatly', 'angrily',
  'previously', 'earlier', 'subsequently', 'since', 'even', 'only', 'first', 'originally',
]);
/** Words that end the speaker named after a cue: "said Smith in a statement", "said Smith, who ...". */
export const PHRASE_ENDERS: ReadonlySet<string> = new Set([
  'in', 'on', 'at', 'during', 'who', 'after', 'before', 'when', 'while', 'adding', 'as', 'to', 'about',
  'of', 'via', 'through', 'from', 'last', 'this', 'earlier', 'later', 'recently', 'yesterday', 'today',
  'told', 'and', 'but', 'referring', 'speaking', 'noting', 'explaining', 'pointing', 'with', 'under',
]);
/** Words after which the subject of a cue begins: the clause boundary before "X said". */
export const CLAUSE_STARTS: ReadonlySet<string> = new Set(['and', 'but', 'that', 'what', 'when', 'while', 'because', 'so', 'as', 'where', 'though', 'although', 'if', 'after', 'before', 'since', 'then']);

/** Phrases after which the named party is the source: "according to X". */
export const SOURCE_PREPOSITIONS: readonly string[] = ['according to', 'in the words of'];

/** Titles and roles that can stand for a person already named ("the president said"). Lowercase, singular. */
export const PERSON_TITLES: ReadonlySet<string> = new Set([
  'president', 'vice president', 'senator', 'sen', 'governor', 'gov', 'representative', 'rep',
  'congressman', 'congresswoman', 'lawmaker', 'mayor', 'secretary', 'minister', 'prime minister',
  'chancellor', 'leader', 'speaker', 'chairman', 'chairwoman', 'chair', 'director', 'spokesman',
  'spokeswoman', 'spokesperson', 'candidate', 'nominee', 'front-runner', 'frontrunner', 'billionaire',
  'businessman', 'businesswoman', 'ambassador', 'general', 'gen', 'judge', 'justice', 'attorney',
  'attorney general', 'official', 'commissioner', 'sheriff', 'chief', 'ceo', 'founder', 'professor',
  'prof', 'dr', 'author', 'analyst', 'strategist', 'adviser', 'advisor', 'aide', 'manager', 'pollster',
  'ayatollah', 'king', 'queen', 'prince', 'pope', 'host', 'anchor', 'reporter', 'editor', 'columnist',
  'economist', 'historian', 'activist', 'officer', 'detective', 'lieutenant', 'colonel', 'captain',
  'sergeant', 'admiral', 'coach', 'actor', 'actress', 'singer', 'star', 'mogul', 'tycoon', 'democrat',
  'republican', 'independent', 'contender', 'hopeful', 'incumbent', 'challenger', 'lawyer', 'attorney',
  'mr', 'mrs', 'ms', 'rev', 'reverend', 'sir', 'lord', 'dame', 'premier', 'emir', 'sheikh', 'pastor', 'bishop',
  'rabbi', 'imam', 'cardinal', 'councilman', 'councilwoman', 'councilor', 'councillor', 'alderman', 'delegate', 'superintendent',
]);

/** Nouns that make a described source worth naming as written: "a campaign spokesman", "the White House statement". */
export const SOURCE_NOUNS: ReadonlySet<string> = new Set([
  'official', 'officials', 'source', 'sources', 'aide', 'aides', 'campaign', 'statement', 'report', 'poll',
  'survey', 'study', 'analysis', 'memo', 'letter', 'administration', 'committee', 'organization', 'group',
  'agency', 'website', 'newspaper', 'magazine', 'network', 'spokesman', 'spokeswoman', 'spokesperson',
  'supporter', 'supporters', 'critics', 'critic', 'voter', 'voters', 'observer', 'observers', 'expert',
  'experts', 'lawmakers', 'senators', 'democrats', 'republicans', 'house', 'department', 'ministry', 'party',
  'tweet', 'post', 'ad', 'advertisement', 'release', 'documents', 'document', 'filing', 'lawsuit', 'ruling',
  'paper', 'editorial', 'book', 'speech', 'transcript', 'message', 'email', 'page', 'court', 'judge', 'man',
  'woman', 'people', 'protester', 'protesters', 'resident', 'residents', 'member', 'members', 'team',
  'operative', 'operatives', 'insider', 'insiders', 'person', 'readout', 'account',
  // people described by what they do or are to someone: "a 2008 Clinton veteran", "a Democratic staffer"
  'veteran', 'staffer', 'staffers', 'donor', 'donors', 'volunteer', 'volunteers', 'organizer', 'attendee', 'delegate',
  'delegates', 'friend', 'neighbor', 'student', 'worker', 'workers', 'employee', 'employees', 'owner', 'father',
  'mother', 'son', 'daughter', 'wife', 'husband', 'brother', 'sister', 'user', 'fan', 'fans', 'survivor', 'witness',
]);

/** Short and long forms of one title, so "Sen. Ted Cruz" is found by "the senator". */
export const TITLE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['sen', 'senator'], ['gov', 'governor'], ['rep', 'representative'], ['congressman', 'representative'],
  ['congresswoman', 'representative'], ['gen', 'general'], ['prof', 'professor'], ['dr', 'doctor'],
  ['rev', 'reverend'], ['spokeswoman', 'spokesman'], ['spokesperson', 'spokesman'], ['chairwoman', 'chairman'],
  ['chair', 'chairman'], ['frontrunner', 'front-runner'], ['advisor', 'adviser'], ['councilwoman', 'councilman'],
  ['councilor', 'councilman'], ['councillor', 'councilman'],
]);

/** Pronouns that may stand as a speaker, with the gender they imply (null: any). */
export const SPEAKER_PRONOUNS: ReadonlyMap<string, 'male' | 'female' | null> = new Map([
  ['he', 'male'], ['she', 'female'], ['they', null], ['him', 'male'], ['her', 'female'], ['i', null],
  ['we', null], ['you', null], ['it', null], ['his', 'male'], ['their', null], ['who', null],
]);

/** Honorifics that tell a person's gender. */
export const GENDERED_HONORIFICS: ReadonlyMap<string, 'male' | 'female'> = new Map([
  ['mr', 'male'], ['mrs', 'female'], ['ms', 'female'], ['miss', 'female'], ['sir', 'male'], ['dame', 'female'],
  ['congressman', 'male'], ['congresswoman', 'female'], ['spokesman', 'male'], ['spokeswoman', 'female'],
  ['chairman', 'male'], ['chairwoman', 'female'], ['businessman', 'male'], ['businesswoman', 'female'],
  ['councilman', 'male'], ['councilwoman', 'female'], ['king', 'male'], ['queen', 'female'], ['prince', 'male'], ['princess', 'female'], ['actress', 'female'],
]);

/** Common first names whose gender is clear, so "she said" skips a man named just before. */
export const FEMALE_FIRST_NAMES: ReadonlySet<string> = new Set([
  'hillary', 'mary', 'patricia', 'jennifer', 'linda', 'elizabeth', 'barbara', 'susan', 'jessica', 'sarah',
  'karen', 'nancy', 'lisa', 'margaret', 'sandra', 'ashley', 'kimberly', 'emily', 'donna', 'michelle',
  'dorothy', 'carol', 'amanda', 'melissa', 'deborah', 'stephanie', 'rebecca', 'laura', 'sharon', 'cynthia',
  'kathleen', 'amy', 'shirley', 'angela', 'helen', 'anna', 'brenda', 'pamela', 'nicole', 'katie', 'samantha',
  'katherine', 'christine', 'debra', 'rachel', 'catherine', 'carolyn', 'janet', 'ruth', 'maria', 'heather',
  'diane', 'virginia', 'julie', 'joyce', 'victoria', 'kelly', 'christina', 'lauren', 'joan', 'evelyn',
  'olivia', 'judith', 'megan', 'cheryl', 'martha', 'andrea', 'frances', 'hannah', 'jacqueline', 'ann',
  'gloria', 'jean', 'kathryn', 'alice', 'teresa', 'sara', 'janice', 'doris', 'madison', 'julia', 'grace',
  'judy', 'abigail', 'marie', 'denise', 'beverly', 'amber', 'theresa', 'marilyn', 'danielle', 'diana',
  'brittany', 'natalie', 'sophia', 'rose', 'isabella', 'alexis', 'kayla', 'charlotte', 'carly', 'sarah',
  'nikki', 'elizabeth', 'kellyanne', 'megyn', 'ivanka', 'melania', 'chelsea', 'huma', 'debbie', 'nancy',
  'dianne', 'kirsten', 'tammy', 'kamala', 'jeanne', 'susana', 'jan', 'condoleezza', 'sheryl', 'oprah',
  'angela', 'theresa', 'marine', 'hope', 'kate', 'jill', 'michele', 'loretta', 'sonia', 'ruth', 'elena',
  'claire', 'mia', 'ellen', 'anne', 'wendy', 'paula', 'katrina', 'monica', 'erin', 'jane', 'eva', 'irene',
]);

export const MALE_FIRST_NAMES: ReadonlySet<string> = new Set([
  'donald', 'james', 'john', 'robert', 'michael', 'william', 'david', 'richard', 'joseph', 'thomas',
  'charles', 'christopher', 'daniel', 'matthew', 'anthony', 'mark', 'paul', 'steven', 'andrew', 'kenneth',
  'joshua', 'kevin', 'brian', 'george', 'timothy', 'ronald', 'edward', 'jason', 'jeffrey', 'ryan', 'jacob',
  'gary', 'nicholas', 'eric', 'jonathan', 'stephen', 'larry', 'justin', 'scott', 'brandon', 'benjamin',
  'samuel', 'gregory', 'frank', 'alexander', 'raymond', 'patrick', 'jack', 'dennis', 'jerry', 'tyler',
  'aaron', 'jose', 'adam', 'henry', 'nathan', 'douglas', 'zachary', 'peter', 'kyle', 'walter', 'ethan',
  'jeremy', 'harold', 'keith', 'christian', 'roger', 'noah', 'gerald', 'carl', 'terry', 'sean', 'austin',
  'arthur', 'lawrence', 'jesse', 'dylan', 'bryan', 'joe', 'jordan', 'billy', 'bruce', 'albert', 'willie',
  'gabriel', 'logan', 'alan', 'juan', 'wayne', 'roy', 'ralph', 'randy', 'eugene', 'vincent', 'russell',
  'elijah', 'louis', 'bobby', 'philip', 'johnny', 'barack', 'bernie', 'bernard', 'ted', 'marco', 'jeb',
  'ben', 'mike', 'chris', 'rand', 'bill', 'bob', 'jim', 'tom', 'tim', 'newt', 'mitt', 'mitch', 'harry',
  'chuck', 'lindsey', 'rick', 'reince', 'corey', 'vladimir', 'hassan', 'ali', 'masoud', 'bashar', 'recep',
  'benjamin', 'xi', 'emmanuel', 'boris', 'justin', 'martin', 'jimmy', 'al', 'dick', 'rudy', 'rudolph',
  'ron', 'steve', 'dan', 'jon', 'greg', 'ken', 'ed', 'fred', 'sam', 'nick', 'tony', 'matt', 'josh', 'andy',
  'jake', 'pat', 'doug', 'hugh', 'jay', 'ray', 'hank', 'karl', 'lou', 'marc', 'rob', 'todd', 'trey',
  'elon', 'kanye', 'abraham', 'franklin', 'ronald', 'dwight', 'lyndon', 'gov', 'mohammed', 'muhammad',
]);

/** Capitalised words that begin sentences or name things, never people: not taken as a name. */
export const NOT_NAME_WORDS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'it', 'its', 'he', 'she', 'they', 'we', 'i', 'you',
  'his', 'her', 'their', 'our', 'my', 'your', 'in', 'on', 'at', 'for', 'of', 'to', 'from', 'by', 'with',
  'and', 'but', 'or', 'so', 'yet', 'if', 'when', 'while', 'after', 'before', 'during', 'since', 'as',
  'earlier', 'later', 'last', 'next', 'then', 'now', 'still', 'also', 'meanwhile', 'however', 'though',
  'although', 'because', 'there', 'here', 'what', 'who', 'which', 'where', 'why', 'how', 'some', 'many',
  'most', 'all', 'both', 'each', 'every', 'one', 'two', 'no', 'not', 'yes', 'asked', 'speaking', 'still',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february',
  'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'today', 'tonight', 'yesterday', 'tomorrow', 'instead', 'even', 'just', 'only', 'other', 'another',
  'according', 'advertisement', 'read', 'watch', 'update', 'updated', 'photo', 'video', 'sign', 'like',
  'likewise', 'similarly', 'additionally', 'moreover', 'furthermore', 'indeed', 'overall', 'finally',
  'notably', 'separately', 'ultimately', 'multiple', 'several', 'speaking', 'thus', 'hence', 'perhaps',
  'im', 'ive', 'ill', 'id', 'youre', 'youve', 'theyre', 'weve', 'were', 'hes', 'shes', 'thats', 'theres',
  'dont', 'doesnt', 'didnt', 'cant', 'wont', 'isnt', 'wasnt', 'lets', 'dear', 'oh',
  'nobody', 'everyone', 'everybody', 'someone', 'somebody', 'anyone', 'anybody', 'nothing', 'everything',
  'something', 'people', 'officials', 'critics', 'experts', 'analysts', 'voters', 'residents', 'police',
  'authorities', 'sources', 'observers', 'supporters', 'opponents', 'others', 'none', 'few', 'we’ll', 'no-one',
  // prepositions, adverbs and imperatives that open sentences, and media words: capitalised, still nobody
  'amid', 'despite', 'between', 'among', 'across', 'against', 'without', 'within', 'through', 'throughout',
  'toward', 'towards', 'unlike', 'upon', 'beyond', 'inside', 'outside', 'around', 'behind', 'above', 'below',
  'do', 'does', 'did', 'too', 'much', 'more', 'less', 'such', 'top', 'consider', 'imagine', 'remember', 'note',
  'see', 'look', 'let', 'please', 'tv', 'television', 'radio', 'online', 'hours', 'minutes', 'days', 'weeks',
  'months', 'years', 'audiences', 'crowds', 'then-candidate', 'given',
  // parties and peoples in the plural: groups, not someone who speaks
  'americans', 'republicans', 'democrats', 'conservatives', 'liberals', 'progressives', 'evangelicals',
]);

/** Sentence words that are also surnames ("Al From", "Theresa May"): a name after a first name or a title. */
export const SENTENCE_WORD_SURNAMES: ReadonlySet<string> = new Set(['from', 'may', 'march']);

/** US states named in one word: places, never a person a pronoun points back to. */
const US_STATES: readonly string[] = [
  'alabama', 'alaska', 'arizona', 'arkansas', 'california', 'colorado', 'connecticut', 'delaware', 'florida', 'georgia',
  'hawaii', 'idaho', 'illinois', 'indiana', 'iowa', 'kansas', 'kentucky', 'louisiana', 'maine', 'maryland', 'massachusetts',
  'michigan', 'minnesota', 'mississippi', 'missouri', 'montana', 'nebraska', 'nevada', 'ohio', 'oklahoma', 'oregon',
  'pennsylvania', 'tennessee', 'texas', 'utah', 'vermont', 'virginia', 'wisconsin', 'wyoming',
];

/** Countries and cities often in the news, and the words that end the states of two words: places, never a person. */
const PLACES: readonly string[] = [
  'afghanistan', 'iraq', 'syria', 'russia', 'japan', 'mexico', 'canada', 'cuba', 'libya', 'egypt', 'pakistan', 'france',
  'germany', 'britain', 'england', 'ukraine', 'korea', 'venezuela', 'brazil', 'yemen', 'lebanon', 'qatar', 'europe',
  'africa', 'asia', 'vietnam', 'somalia', 'nigeria', 'italy', 'spain', 'greece', 'poland', 'sweden', 'beijing', 'moscow',
  'baghdad', 'kabul', 'benghazi', 'tripoli', 'damascus', 'jerusalem', 'gaza', 'mali', 'crimea', 'manhattan', 'brooklyn',
  'chicago', 'boston', 'philadelphia', 'baltimore', 'cleveland', 'detroit', 'atlanta', 'miami', 'seattle', 'us', 'uk',
];

/** Places named in two words, each of which may also be a name ("Carolina", "York"): a place only together. */
export const TWO_WORD_PLACES: ReadonlySet<string> = new Set([
  'new york', 'new jersey', 'new hampshire', 'new mexico', 'north carolina', 'south carolina', 'north dakota', 'south dakota',
  'west virginia', 'rhode island', 'new orleans', 'los angeles', 'san francisco', 'las vegas', 'san diego', 'north korea',
  'south korea', 'saudi arabia', 'united states', 'great britain', 'new zealand', 'south africa', 'hong kong',
]);

/** Words that, standing alone, never name a speaker: places, numbers, and a title or party with no name ("Democrat of Ohio"). */
export const NEVER_A_SPEAKER: ReadonlySet<string> = new Set([
  ...US_STATES, ...PLACES, 'vp', 'democrat', 'republican', 'secretary', 'senator', 'president', 'governor', 'representative',
  'congressman', 'congresswoman', 'spokesman', 'spokeswoman', 'chairman', 'chairwoman', 'lawmaker', 'candidate', 'nominee',
  'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen',
  'twenty', 'dozens', 'hundreds', 'thousands', 'millions',
]);

/** Words that make a capitalised run an organisation or place, not a person (a source all the same). */
export const ORGANISATION_WORDS: ReadonlySet<string> = new Set([
  'house', 'states', 'republic', 'party', 'committee', 'department', 'times', 'news', 'post', 'court',
  'university', 'council', 'campaign', 'association', 'institute', 'center', 'centre', 'foundation',
  'agency', 'office', 'administration', 'congress', 'senate', 'ministry', 'bureau', 'service', 'network',
  'journal', 'press', 'group', 'company', 'corporation', 'inc', 'corp', 'union', 'nations', 'city',
  'county', 'state', 'kingdom', 'street', 'magazine', 'tribune', 'herald', 'daily', 'review', 'fund',
  'bank', 'board', 'commission', 'council', 'caucus', 'club', 'school', 'college', 'church', 'army',
  'forces', 'force', 'guard', 'police', 'project', 'coalition', 'alliance', 'organization', 'trust',
  'initiative', 'network', 'channel', 'media', 'reuters', 'ap', 'cnn', 'fox', 'msnbc', 'nbc', 'abc', 'cbs',
  'images', 'image', 'photo', 'photos', 'pictures', 'getty', 'afp',
  'pac', 'gop', 'fbi', 'cia', 'nsa', 'pentagon', 'kremlin', 'tehran', 'washington', 'america', 'iran', ...US_STATES, ...PLACES,
]);
