import { AccountSchoolEntity } from './account-school.entity';
import { AccountEntity } from './account.entity';
import { AuditLogEntity } from './audit-log.entity';
import { ClassEntity, ClassTeacherEntity } from './class.entity';
import { DistrictEntity } from './district.entity';
import { EnrollmentEntity } from './enrollment.entity';
import { PlacementEntity, PlacementLatestEntity } from './placement.entity';
import { SchoolEntity } from './school.entity';
import { AccountFirstSeenEntity, SectionEntity, SectionMemberEntity } from './section.entity';

/** Every table the classes service owns (the messaging tables belong to libs/messaging). */
export const entities = [
  DistrictEntity,
  SchoolEntity,
  AccountEntity,
  AccountSchoolEntity,
  ClassEntity,
  ClassTeacherEntity,
  PlacementEntity,
  PlacementLatestEntity,
  EnrollmentEntity,
  AuditLogEntity,
  SectionEntity,
  SectionMemberEntity,
  AccountFirstSeenEntity,
];
