/** Italian messages of the mediator screens; mediator.en.ts mirrors them key for key. */
export default {} as const;
