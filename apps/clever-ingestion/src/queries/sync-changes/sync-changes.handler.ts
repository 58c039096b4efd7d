import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Caller } from '@roster/authz';
import { syncChangesQuerySchema, type SyncChangeBody } from '@roster/internal-api';
import { decodeCursor, DomainError, pageOf, parseInput, type Page } from '@roster/problems';
import { authorizeDistrictAdmin } from '../../common/access';
import { districtNotFound, INGESTION_ERRORS, runNotFound } from '../../common/errors';
import type { RecordType } from '../../domain/normalize';
import { ChangesRepository, type ChangeRow } from '../../persistence/changes.repository';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { RunsRepository } from '../../persistence/runs.repository';
import { ShadowRepository } from '../../persistence/shadow.repository';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const previewPosition = z.object({ id: z.number().int() }).strict();
const heldPosition = z.object({ t: z.enum(['school', 'section', 'user']), i: z.string().max(64) }).strict();

/** Only a preview records its changes, and a held run its pending archives: anything else has no list. */
const changesNotRecorded = (detail: string): DomainError =>
  new DomainError('conflict', INGESTION_ERRORS.changesNotRecorded, detail, {}, 'The run has no list of these changes');

function present<T>(v: T | null | undefined): v is T {
  return v !== null && v !== undefined && v !== '';
}

/** A change row → the contract's item: absent fields are left out (never null). */
function changeView(r: { kind: SyncChangeBody['kind']; recordType: RecordType; cleverId: string | null; role: string | null; school: string | null; schoolName: string | null; name: string | null; reason: string | null }): SyncChangeBody {
  return {
    kind: r.kind,
    recordType: r.recordType,
    cleverId: r.cleverId ?? '',
    ...(present(r.role) ? { role: r.role } : {}),
    ...(present(r.school) ? { schoolCleverId: r.school } : {}),
    ...(present(r.schoolName) ? { schoolName: r.schoolName } : {}),
    ...(present(r.name) ? { displayName: r.name } : {}),
    ...(present(r.reason) ? { reason: r.reason } : {}),
  };
}

/**
 * GET …/sync/runs/:runId/changes?kind=: the records a run changes, one kind at a time, keyset-paged —
 * Clever id, record type, role, school and display name, nothing else personal (rejected records: id and
 * reason only). A preview lists what it recorded; a HELD run lists, for `archived`, exactly what approving it
 * would archive now (records seen again since the hold are not listed, as approve keeps them). Other runs
 * (and other kinds of a held run, already applied) answer 409 INGESTION.CHANGES_NOT_RECORDED.
 */
@Injectable()
export class SyncChangesHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(ShadowRepository) private readonly shadow: ShadowRepository,
    @Inject(ChangesRepository) private readonly changes: ChangesRepository,
  ) {}

  async execute(caller: Caller, cleverDistrictId: string, runId: string, query: unknown): Promise<Page<SyncChangeBody>> {
    authorizeDistrictAdmin(caller, cleverDistrictId);
    const input = parseInput(syncChangesQuerySchema, query);
    const em = fork(this.ctx);
    if (!(await this.connections.get(em, cleverDistrictId))) throw districtNotFound();
    if (!UUID.test(runId)) throw runNotFound();
    const run = await this.runs.get(em, runId);
    if (!run || run.cleverDistrictId !== cleverDistrictId) throw runNotFound();

    if (run.mode === 'preview') {
      const after = decodeCursor(input.cursor, previewPosition);
      const rows = await this.changes.page(em, run.id, input.kind, after?.id, input.limit);
      return pageOf(
        rows,
        input.limit,
        (r: ChangeRow) =>
          changeView({ kind: r.kind, recordType: r.record_type, cleverId: r.clever_id, role: r.account_role, school: r.school_clever_id, schoolName: r.school_name, name: r.display_name, reason: r.reason }),
        (r) => ({ id: Number(r.id) }),
      );
    }
    if (run.status !== 'held') throw changesNotRecorded(`run ${run.id} is ${run.status}: only previews and held runs list their changes`);
    if (input.kind !== 'archived') throw changesNotRecorded(`a held run lists its pending archives only (kind=archived); its other changes are applied`);
    const after = decodeCursor(input.cursor, heldPosition);
    const rows = await this.shadow.pendingRemovals(em, cleverDistrictId, run.id, new Date(run.finishedAt ?? Date.now()), input.limit + 1, after ? { recordType: after.t, cleverId: after.i } : undefined);
    const schools = await this.changes.schoolNames(em, cleverDistrictId, rows.map((r) => r.entry.describe?.schoolCleverId).filter(present));
    return pageOf(
      rows,
      input.limit,
      (r) => {
        const d = r.entry.describe;
        const school = d?.schoolCleverId ?? null;
        return changeView({ kind: 'archived', recordType: r.recordType, cleverId: r.cleverId, role: d?.accountRole ?? null, school, schoolName: school ? (schools.get(school) ?? null) : null, name: d?.label ?? null, reason: null });
      },
      (r) => ({ t: r.recordType, i: r.cleverId }),
    );
  }
}
