/** Italian messages of the requester screens; requester.en.ts mirrors them key for key. */
export default {} as const;
