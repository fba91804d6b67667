import type requester from './requester.it';

const en: typeof requester = {};
export default en;
