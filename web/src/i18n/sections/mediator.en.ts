import type mediator from './mediator.it';

const en: typeof mediator = {};
export default en;
