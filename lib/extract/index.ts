export { extractDocument } from './document';
export { draftTable } from './table';
export { extractClaims, extractParagraphClaims } from './claims';
