export { extractDocument } from './document';
export { draftTable } from './table';
