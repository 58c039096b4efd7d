import { Inject, Injectable } from '@nestjs/common';
import { adminSchoolIds, auditAccess, enforce, requireStaff, type Caller } from '@roster/authz';
import { pageOf, type Page } from '@roster/problems';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { toAuditView, type AuditView } from '../../persistence/audit-log.entity';
import { AuditRepository } from '../../persistence/audit.repository';

/** The audit log, newest first: district admins all of it; school admins the entries of their schools. */
@Injectable()
export class AuditLogHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Caller, districtId: string, q: { after?: { s: string }; limit: number }): Promise<Page<AuditView>> {
    const p = requireStaff(caller);
    enforce(auditAccess(p, districtId));
    const rows = await this.audit.list(this.ctx.orm.em.fork(), { districtId, schoolIds: adminSchoolIds(p), beforeSeq: q.after?.s, limit: q.limit });
    return pageOf(rows, q.limit, toAuditView, (r) => ({ s: String(r.seq) }));
  }
}
