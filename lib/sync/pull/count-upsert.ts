import type { Sql } from "@/lib/sync/sql";
import type { ObjectStats } from "@/lib/sync/stats";

/**
 * Runs one `INSERT … ON CONFLICT DO UPDATE … WHERE hash differs … RETURNING (xmax = 0) AS inserted`
 * and counts its rows: returned and inserted = created, returned otherwise = updated, the rest of
 * the page's unique rows = unchanged (the conflict's WHERE left them alone).
 */
export async function countedUpsert(sql: Sql, statement: string, params: unknown[], stats: ObjectStats, unique: number): Promise<void> {
  const { rows } = await sql.query<{ inserted: boolean }>(statement, params);
  const created = rows.filter((r) => r.inserted).length;
  stats.created += created;
  stats.updated += rows.length - created;
  stats.unchanged += unique - rows.length;
}
