/** Italian messages of the common screens; common.en.ts mirrors them key for key. */
export default {} as const;
