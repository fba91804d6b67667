export * from './reference.js';
export * from './organizations.js';
export * from './mediators.js';
export * from './users.js';
export * from './requests.js';
export * from './live-events.js';
export * from './outbox.js';
export * from './push.js';
