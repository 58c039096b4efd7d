export { createClassesService, type ClassesServiceOptions } from './service';
export { classesEnv, loadCourseCatalog, type ClassesEnv } from './config';
export { DEFAULT_COURSE_CATALOG, parseCourseCatalog, type Course } from './domain/course-catalog';
export { IDENTITY_GROUP_ID } from './consumers/identity/identity.consumer';
export { ASSESSMENT_GROUP_ID } from './consumers/assessment/assessment.consumer';
export { migrations } from './migrations';
