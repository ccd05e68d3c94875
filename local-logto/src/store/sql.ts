/** A case-insensitive substring pattern: `%` and `_` in the user's text stay literal. */
export function likeSubstring(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
