import { z } from 'zod';

export const District = z.object({ id: z.string(), name: z.string(), municipalities: z.array(z.string()) });
export type District = z.infer<typeof District>;

export const Language = z.object({
  code: z.string(),
  nameIt: z.string(),
  nameEn: z.string(),
  dialects: z.array(z.string()),
});
export type Language = z.infer<typeof Language>;
