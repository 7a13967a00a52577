export * from './auth';
export * from './integration';
export * from './media';
export * from './platform';
export * from './whatsapp';
export * from './work';
