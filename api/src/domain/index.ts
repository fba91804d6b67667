export * from './availability.js';
export * from './dispatch-policy.js';
export * from './local-time.js';
export * from './matching.js';
export * from './request-state.js';
