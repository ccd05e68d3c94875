/** A case-insensitive substring pattern: `%` and `_` in the user's text stay literal. */
export function likeSubstring(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * `column = $n` assignments for the fields a PATCH body defines, their values appended to
 * `values` (which already holds the row id as $1). Objects are stored as JSON and replaced
 * whole, as Logto does.
 */
export function patchAssignments<Patch extends object>(
  patch: Patch,
  columns: Record<keyof Patch, string>,
  values: unknown[],
): string[] {
  const assignments: string[] = [];
  for (const [key, column] of Object.entries(columns) as [keyof Patch, string][]) {
    const value = patch[key];
    if (value === undefined) {
      continue;
    }
    values.push(typeof value === 'object' && value !== null ? JSON.stringify(value) : value);
    assignments.push(`${column} = $${values.length}`);
  }
  return assignments;
}
