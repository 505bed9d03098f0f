export * from './text';
export * from './amount';
export * from './unit';
export * from './code';
export * from './title';
