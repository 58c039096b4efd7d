import type { DynamicModule } from '@nestjs/common';
import { INTERNAL_AUTH_OPTIONS, InternalAuthGuard, type InternalAuthOptions } from '@roster/auth';
import { CLASSES_CONTEXT, type ClassesContext } from './common/context';
import { ArchiveClassController } from './commands/archive-class/archive-class.controller';
import { CreateClassController } from './commands/create-class/create-class.controller';
import { EnrollStudentsController } from './commands/enroll-students/enroll-students.controller';
import { RecordPlacementController } from './commands/record-placement/record-placement.controller';
import { UnenrollStudentController } from './commands/unenroll-student/unenroll-student.controller';
import { UpdateClassController } from './commands/update-class/update-class.controller';
import { UpdateDistrictSettingsController } from './commands/update-district-settings/update-district-settings.controller';
import { AuditLogController } from './queries/audit-log/audit-log.controller';
import { AvailableStudentsController } from './queries/available-students/available-students.controller';
import { DistrictSettingsController } from './queries/district-settings/district-settings.controller';
import { GetClassController } from './queries/get-class/get-class.controller';
import { ListClassesController } from './queries/list-classes/list-classes.controller';
import { ListCoursesController } from './queries/list-courses/list-courses.controller';
import { ListEnrollmentsController } from './queries/list-enrollments/list-enrollments.controller';
import { ListPlacementsController } from './queries/list-placements/list-placements.controller';

/** The classes service's internal API (docs/internal-api.md, classes section), every route behind InternalAuthGuard. */
export class ClassesModule {
  static register(ctx: ClassesContext, auth: InternalAuthOptions): DynamicModule {
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
      ],
      providers: [
        { provide: CLASSES_CONTEXT, useValue: ctx },
        { provide: INTERNAL_AUTH_OPTIONS, useValue: auth },
        InternalAuthGuard,
      ],
    };
  }
}
