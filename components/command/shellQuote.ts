/** Quotes a string for POSIX sh as one word: 'text', with each ' written as '\''. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
