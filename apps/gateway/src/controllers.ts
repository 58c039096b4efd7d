import type { Type } from '@nestjs/common';
import { SignInController } from './commands/sign-in/sign-in.controller';
import { DistrictSyncCommandController } from './commands/district-sync/district-sync.controller';
import { DistrictSettingsController } from './commands/district-settings/district-settings.controller';
import { ClassesCommandController } from './commands/classes/classes.controller';
import { EnrollmentsController } from './commands/enrollments/enrollments.controller';
import { PlacementsCommandController } from './commands/placements/placements.controller';
import { MeController } from './queries/me/me.controller';
import { DistrictSyncQueryController } from './queries/district-sync/district-sync.controller';
import { DistrictSummaryController } from './queries/district-summary/district-summary.controller';
import { SchoolsController } from './queries/schools/schools.controller';
import { AccountsController } from './queries/accounts/accounts.controller';
import { AvailableStudentsController } from './queries/available-students/available-students.controller';
import { CoursesController } from './queries/courses/courses.controller';
import { ClassesQueryController } from './queries/classes/classes.controller';
import { PlacementsQueryController } from './queries/placements/placements.controller';
import { AuditController } from './queries/audit/audit.controller';
import { SectionsController } from './queries/sections/sections.controller';
import { SharingHealthController } from './queries/sharing-health/sharing-health.controller';
import { SchoolYearsQueryController } from './queries/school-years/school-years.controller';
import { SchoolYearsCommandController } from './commands/school-years/school-years.controller';
import { MergeAccountController } from './commands/accounts/merge-account.controller';
import { DuplicateAccountsController } from './queries/duplicate-accounts/duplicate-accounts.controller';
import { AccountRetentionController } from './commands/accounts/account-retention.controller';

/** Every controller of the public API (/api/v1); the OpenAPI document is built from these. */
export const apiControllers: readonly Type[] = [
  SignInController,
  MeController,
  DistrictSyncQueryController,
  DistrictSyncCommandController,
  DistrictSummaryController,
  SharingHealthController,
  DistrictSettingsController,
  SchoolsController,
  AccountsController,
  AvailableStudentsController,
  SectionsController,
  CoursesController,
  ClassesQueryController,
  ClassesCommandController,
  EnrollmentsController,
  PlacementsCommandController,
  PlacementsQueryController,
  AuditController,
  SchoolYearsQueryController,
  SchoolYearsCommandController,
  DuplicateAccountsController,
  MergeAccountController,
  AccountRetentionController,
];
