export * from './amount';
export * from './table';
export * from './document';
export * from './raw';
export * from './finding';
export * from './claim';
