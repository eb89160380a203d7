/** Whether an article holds a sentence: citations kept only where they hold (ADR 14), claims checked one by one (ADR 18). */
export { type CitationChecker, createCitationChecker, holdCitations } from './citations.js';
export { type ClaimChecker, type ClaimFault, createClaimChecker } from './claims.js';
