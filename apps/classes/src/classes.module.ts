import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { INTERNAL_AUTH_OPTIONS, InternalAuthGuard, type InternalAuthOptions } from '@roster/auth';
import { CLASSES_CONTEXT, type ClassesContext } from './common/context';
import { ArchiveClassController } from './commands/archive-class/archive-class.controller';
import { ArchiveClassHandler } from './commands/archive-class/archive-class.handler';
import { CreateClassController } from './commands/create-class/create-class.controller';
import { CreateClassHandler } from './commands/create-class/create-class.handler';
import { EnrollStudentsController } from './commands/enroll-students/enroll-students.controller';
import { EnrollStudentsHandler } from './commands/enroll-students/enroll-students.handler';
import { RecordPlacementController } from './commands/record-placement/record-placement.controller';
import { RecordPlacementHandler } from './commands/record-placement/record-placement.handler';
import { UnenrollStudentController } from './commands/unenroll-student/unenroll-student.controller';
import { UnenrollStudentHandler } from './commands/unenroll-student/unenroll-student.handler';
import { UpdateClassController } from './commands/update-class/update-class.controller';
import { UpdateClassHandler } from './commands/update-class/update-class.handler';
import { UpdateDistrictSettingsController } from './commands/update-district-settings/update-district-settings.controller';
import { UpdateDistrictSettingsHandler } from './commands/update-district-settings/update-district-settings.handler';
import { RolloverSchoolYearController } from './commands/rollover-school-year/rollover-school-year.controller';
import { RolloverSchoolYearHandler } from './commands/rollover-school-year/rollover-school-year.handler';
import { RolloverSchoolYearRepository } from './commands/rollover-school-year/rollover-school-year.repository';
import { SchoolYearsController } from './queries/school-years/school-years.controller';
import { SchoolYearsHandler } from './queries/school-years/school-years.handler';
import { SchoolYearsRepository } from './persistence/school-years.repository';
import { AssessmentPlacementsConsumer } from './consumers/assessment/assessment.consumer';
import { ApplyIdentityEventsHandler } from './consumers/identity/apply-identity-events.handler';
import { IdentityEventsConsumer } from './consumers/identity/identity.consumer';
import { IdentityProjectionRepository } from './consumers/identity/identity-projection.repository';
import { IdentityReactionsRepository } from './consumers/identity/identity-reactions.repository';
import { RecordAssessmentPlacementsHandler } from './consumers/assessment/record-assessment-placements.handler';
import { ApplySectionEventsHandler } from './consumers/sections/apply-section-events.handler';
import { SectionEventsConsumer } from './consumers/sections/sections.consumer';
import { AuditLogController } from './queries/audit-log/audit-log.controller';
import { AuditLogHandler } from './queries/audit-log/audit-log.handler';
import { AvailableStudentsController } from './queries/available-students/available-students.controller';
import { AvailableStudentsHandler } from './queries/available-students/available-students.handler';
import { AvailableStudentsRepository } from './queries/available-students/available-students.repository';
import { DistrictSettingsController } from './queries/district-settings/district-settings.controller';
import { DistrictSettingsHandler } from './queries/district-settings/district-settings.handler';
import { GetClassController } from './queries/get-class/get-class.controller';
import { GetClassHandler } from './queries/get-class/get-class.handler';
import { ListClassesController } from './queries/list-classes/list-classes.controller';
import { ListClassesHandler } from './queries/list-classes/list-classes.handler';
import { ListCoursesController } from './queries/list-courses/list-courses.controller';
import { ListCoursesHandler } from './queries/list-courses/list-courses.handler';
import { ListEnrollmentsController } from './queries/list-enrollments/list-enrollments.controller';
import { ListEnrollmentsHandler } from './queries/list-enrollments/list-enrollments.handler';
import { ListPlacementsController } from './queries/list-placements/list-placements.controller';
import { ListPlacementsHandler } from './queries/list-placements/list-placements.handler';
import { SectionsController } from './queries/sections/sections.controller';
import { SectionsHandler } from './queries/sections/sections.handler';
import { SchoolSectionsRepository } from './queries/sections/sections.repository';
import { SharingHealthController } from './queries/sharing-health/sharing-health.controller';
import { SharingHealthHandler } from './queries/sharing-health/sharing-health.handler';
import { SharingHealthRepository } from './queries/sharing-health/sharing-health.repository';
import { AuditRepository } from './persistence/audit.repository';
import { ClassesRepository } from './persistence/classes.repository';
import { DistrictSettingsRepository } from './persistence/district-settings.repository';
import { EnrollmentsRepository } from './persistence/enrollments.repository';
import { LocksRepository } from './persistence/locks.repository';
import { PlacementsRepository } from './persistence/placements.repository';
import { SchoolsRepository } from './persistence/schools.repository';
import { SectionLookupRepository, SectionsRepository } from './persistence/sections.repository';
import { StudentsRepository } from './persistence/students.repository';

import { PurgeDistrictHandler } from './commands/purge-district/purge-district.handler';
import { PurgeDistrictRepository } from './commands/purge-district/purge-district.repository';
import { DistrictPurgeConsumer } from './consumers/district-purge/district-purge.consumer';
const repositories: Type[] = [
  AuditRepository,
  ClassesRepository,
  DistrictSettingsRepository,
  EnrollmentsRepository,
  LocksRepository,
  PlacementsRepository,
  SchoolsRepository,
  StudentsRepository,
  AvailableStudentsRepository,
  IdentityProjectionRepository,
  IdentityReactionsRepository,
  SectionsRepository,
  SectionLookupRepository,
  SchoolSectionsRepository,
  SharingHealthRepository,
  PurgeDistrictRepository,
  SchoolYearsRepository,
  RolloverSchoolYearRepository,
];

const handlers: Type[] = [
  ListCoursesHandler,
  DistrictSettingsHandler,
  UpdateDistrictSettingsHandler,
  ListClassesHandler,
  CreateClassHandler,
  GetClassHandler,
  UpdateClassHandler,
  ArchiveClassHandler,
  ListEnrollmentsHandler,
  EnrollStudentsHandler,
  UnenrollStudentHandler,
  RecordPlacementHandler,
  ListPlacementsHandler,
  AvailableStudentsHandler,
  AuditLogHandler,
  ApplyIdentityEventsHandler,
  RecordAssessmentPlacementsHandler,
  ApplySectionEventsHandler,
  SectionsHandler,
  SharingHealthHandler,
  PurgeDistrictHandler,
  SchoolYearsHandler,
  RolloverSchoolYearHandler,
];

/**
 * The classes service: its internal API (docs/internal-api.md, classes section; every route behind
 * InternalAuthGuard), its consumer groups `classes.identity`, `classes.assessment` and `classes.sections`, and the providers behind them — one handler per use case, the repositories, and the
 * service's shared context (ORM, outbox, logger, course catalog) as CLASSES_CONTEXT.
 */
export class ClassesModule {
  static register(ctx: ClassesContext, auth: InternalAuthOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: CLASSES_CONTEXT, useValue: ctx },
      { provide: INTERNAL_AUTH_OPTIONS, useValue: auth },
      InternalAuthGuard,
      ...repositories,
      ...handlers,
    ];
    return {
      module: ClassesModule,
      controllers: [
        ListCoursesController,
        DistrictSettingsController,
        UpdateDistrictSettingsController,
        ListClassesController,
        CreateClassController,
        GetClassController,
        UpdateClassController,
        ArchiveClassController,
        ListEnrollmentsController,
        EnrollStudentsController,
        UnenrollStudentController,
        RecordPlacementController,
        ListPlacementsController,
        AvailableStudentsController,
        AuditLogController,
        SectionsController,
        SharingHealthController,
        SchoolYearsController,
        RolloverSchoolYearController,
        // Kafka consumer groups (`@ConsumerGroup` handlers on the service's inbox transport).
        IdentityEventsConsumer,
        AssessmentPlacementsConsumer,
        SectionEventsConsumer,
        DistrictPurgeConsumer,
      ],
      providers,
    };
  }
}
