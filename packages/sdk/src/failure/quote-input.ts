/** The user's text in a one-line message: escaped, and cut short when long. */
export function quoteInput(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}
