/** The names an article is about, and the name facts quotes/ reads speakers with. */

export { PRONOUN_SURNAMES } from './capitalised-runs.js';
export { extractEntities } from './entities.js';
