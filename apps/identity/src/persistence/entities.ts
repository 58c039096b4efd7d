import { AccountEntity } from './account.entity';
import { DistrictEntity } from './district.entity';
import { DuplicatePairEntity } from './duplicate-pair.entity';
import { SchoolEntity } from './school.entity';

/** Every table identity owns (the messaging tables belong to libs/messaging). */
export const entities = [DistrictEntity, SchoolEntity, AccountEntity, DuplicatePairEntity];
