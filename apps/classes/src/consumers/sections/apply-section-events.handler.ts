import { Inject, Injectable } from '@nestjs/common';
import { Events, type Envelope, type EventData } from '@roster/contracts';
import { latestPerKey } from '@roster/messaging';
import type { EntityManager } from '@roster/persistence';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { SectionsRepository } from '../../persistence/sections.repository';

export const SECTIONS_GROUP_ID = 'classes.sections';

/**
 * `period` and `termName` are read when the event carries them (Clever has both; the v1 payload does
 * not publish them yet), so the projection fills them without another change here.
 */
type SectionUpserted = EventData<'sectionUpserted'> & { period?: string; termName?: string };
type SectionRemoved = EventData<'sectionRemoved'>;

const keyOf = (e: Envelope<{ cleverDistrictId: string; cleverSectionId: string }>) => `${e.data.cleverDistrictId}/${e.data.cleverSectionId}`;

/**
 * Applies a batch of roster.sections.v1 events in the inbox transaction: the newest event per section
 * wins (upsert or tombstone), older ones than the stored version are ignored. Sections are filters and
 * suggestions only: this never creates, changes or ends a class or an enrollment.
 */
@Injectable()
export class ApplySectionEventsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: Pick<ClassesContext, 'logger'>,
    @Inject(SectionsRepository) private readonly sections: SectionsRepository,
  ) {}

  async execute(em: EntityManager, events: Envelope[]): Promise<void> {
    const relevant = events.filter((e) => e.type === Events.sectionUpserted.type || e.type === Events.sectionRemoved.type) as Envelope<SectionUpserted | SectionRemoved>[];
    if (relevant.length === 0) return;
    const latest = latestPerKey(relevant, keyOf, (e) => e.version);
    const upserts = latest.filter((e): e is Envelope<SectionUpserted> => e.type === Events.sectionUpserted.type);
    const removals = latest.filter((e): e is Envelope<SectionRemoved> => e.type === Events.sectionRemoved.type);
    const upserted = await this.sections.upsert(
      em,
      upserts.map(({ data: s, version }) => ({
        cleverDistrictId: s.cleverDistrictId,
        cleverId: s.cleverSectionId,
        cleverSchoolId: s.cleverSchoolId,
        name: s.name,
        subject: s.subject ?? null,
        grade: s.grade ?? null,
        period: s.period ?? null,
        termName: s.termName ?? null,
        teacherIds: s.teacherIds,
        studentIds: s.studentIds,
        version,
      })),
    );
    const removed = await this.sections.remove(
      em,
      removals.map(({ data: s, version }) => ({ cleverDistrictId: s.cleverDistrictId, cleverId: s.cleverSectionId, version })),
    );
    this.ctx.logger.debug({ groupId: SECTIONS_GROUP_ID, events: relevant.length, upserted, removed }, 'section projection applied');
  }
}
