/** Whether an article holds a sentence: citations kept only where they hold (ADR 14), claims checked one by one (ADR 18). */
export { createCitationChecker, holdCitations, type CitationChecker } from './citations.js';
export { createClaimChecker, type ClaimChecker, type ClaimFault } from './claims.js';
