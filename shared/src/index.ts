export * from './enums.js';
export * from './common.js';
export * from './auth.js';
export * from './reference.js';
export * from './organizations.js';
export * from './users.js';
export * from './requests.js';
export * from './mediators.js';
