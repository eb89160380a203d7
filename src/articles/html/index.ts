/** HTML pages -> CleanedPage, and the one check every lead image's address passes. */
export { VOID_TAGS } from './guard.js';
export { extractHtml } from './html.js';
export { imageUrl, MAX_IMAGE_URL_CHARS } from './image-url.js';
