import type { MessageSchema } from './it';

type Leaves<Tree, Prefix extends string = ''> = {
  [Key in keyof Tree & string]: Tree[Key] extends string ? `${Prefix}${Key}` : Leaves<Tree[Key], `${Prefix}${Key}.`>;
}[keyof Tree & string];

/** Every message path, e.g. 'signIn.badCredentials': lets code keep a message untranslated until shown. */
export type MessageKey = Leaves<MessageSchema>;
