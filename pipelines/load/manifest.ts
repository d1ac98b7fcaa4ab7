import type { EntityName } from '../../core/glossary.ts';
import type { Warehouse } from '../../core/warehouse.ts';
import type { FileResult, LoadStatus } from './types.ts';

/** One row of meta.loads per file and attempt: what was read, loaded and rejected, and how it ended. */
export async function recordManifest(wh: Warehouse, r: FileResult, o: { batchId: number; loadId: number; startedAt: Date; status: LoadStatus }): Promise<void> {
  await wh.run(
    `insert into meta.loads values ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12::timestamp, now()::timestamp, $13, $14)`,
    [
      o.loadId,
      o.batchId,
      r.entity ?? 'unknown',
      r.month ? `${r.month}-01` : null,
      r.file,
      r.sheet,
      r.sha256 ?? '',
      r.encoding,
      r.read,
      r.loaded,
      r.rejected,
      o.startedAt.toISOString(),
      o.status,
      r.message,
    ],
  );
}

export async function nextLoadId(wh: Warehouse): Promise<number> {
  return (await wh.one<{ id: number }>(`select nextval('meta.load_id_seq')::integer as id`)).id;
}

/** Failures and skips are recorded after any rollback, so the manifest shows every attempt. */
export async function recordAttempt(wh: Warehouse, r: FileResult, status: 'failed' | 'unchanged', startedAt = new Date()): Promise<void> {
  const id = await nextLoadId(wh);
  await recordManifest(wh, r, { batchId: id, loadId: id, startedAt, status });
}

/**
 * The load whose rows of this exact file are all still in the warehouse, if any: loading the
 * same bytes again would change nothing. A file whose areas were since replaced by another
 * load is not current any more, and loads again.
 */
export async function currentLoadOf(wh: Warehouse, entity: EntityName, month: string, sha: string): Promise<number | undefined> {
  const rows = await wh.all<{ load_id: number; loaded: number; present: number }>(
    `with last as (
       select load_id, rows_loaded from meta.loads
       where entity = $1 and snapshot_month = $2::date and file_sha256 = $3 and status = 'loaded'
       order by load_id desc limit 1
     )
     select l.load_id, l.rows_loaded as loaded,
       (select count(*) from raw.${entity} r where r.snapshot_month = $2::date and r._load_id = l.load_id)::integer as present
     from last l`,
    [entity, `${month}-01`, sha],
  );
  const r = rows[0];
  return r && r.loaded > 0 && r.present === r.loaded ? r.load_id : undefined;
}

/** A file whose exact bytes are data of another month is almost surely mislabelled. */
export async function loadedElsewhere(wh: Warehouse, entity: EntityName, month: string, sha: string): Promise<string | undefined> {
  const rows = await wh.all<{ m: string }>(
    `select strftime(snapshot_month, '%Y-%m') as m from raw.${entity} where _file_sha256 = $1 and snapshot_month <> $2::date limit 1`,
    [sha, `${month}-01`],
  );
  return rows[0]?.m;
}
