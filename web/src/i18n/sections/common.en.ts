import type common from './common.it';

const en: typeof common = {};
export default en;
