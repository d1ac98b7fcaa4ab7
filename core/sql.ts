/** SQL text helpers shared by every stage. Values are quoted, never interpolated raw. */

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlList(values: readonly string[]): string {
  return values.map(quoteLiteral).join(', ');
}
