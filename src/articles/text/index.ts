/** The shared low-level readers every other folder of articles/ uses: character classes and folded word lookup. */
export * from './chars.js';
export { FoldedWordMap, FoldedWordTrie, foldedWordSet, isAsciiSpan } from './word-lookup.js';
