import type coordinator from './coordinator.it';

const en: typeof coordinator = {};
export default en;
