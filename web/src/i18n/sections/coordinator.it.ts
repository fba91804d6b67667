/** Italian messages of the coordinator screens; coordinator.en.ts mirrors them key for key. */
export default {} as const;
