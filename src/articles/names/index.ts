/** The names an article is about, and the name facts quotes/ reads speakers with. */

export { extractEntities } from './entities.js';
export { PRONOUN_SURNAMES } from './name-words.js';
