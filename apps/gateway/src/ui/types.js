// Types of the admin UI, for the type check only (apps/gateway/src/ui/tsconfig.json): JSDoc typedefs the
// modules import (`@typedef {import('./types.js').Account} Account`); the browser never loads this file.
// The shapes are the public API's (`/api/v1`) as the UI reads them: fields it does not read are left out,
// and fields it tolerates missing are optional.

/**
 * An RFC 9457 problem as the gateway answers it.
 * @typedef {{
 *  code?: string,
 *  title?: string,
 *  detail?: string,
 *  errors?: FieldError[],
 *  [key: string]: unknown,
 * }} Problem
 */

/**
 * @typedef {{
 *  path?: string,
 *  message?: string,
 *  code?: string,
 * }} FieldError
 */

/**
 * A list answer: `{data, nextCursor}`.
 * @template T
 * @typedef {{
 *  data: T[],
 *  nextCursor?: string | null,
 * }} Page
 */

/**
 * @typedef {{
 *  first?: string | null,
 *  middle?: string | null,
 *  last?: string | null,
 * }} PersonName
 */

/**
 * @typedef {{
 *  schoolId: string,
 *  name?: string,
 *  primary?: boolean,
 *  roles?: string[],
 * }} SchoolMembership
 */

/**
 * @typedef {{
 *  id?: string,
 *  studentId?: string,
 *  recommendedCourseId: string,
 *  score?: number | null,
 *  testedOn: string,
 *  source?: string,
 *  recordedAt?: string,
 * }} Placement
 */

/**
 * @typedef {{
 *  id: string,
 *  name: PersonName | string,
 *  preferredName?: PersonName | string | null,
 *  roles?: string[],
 *  status?: string,
 *  grade?: string | null,
 *  studentNumber?: string | null,
 *  sisId?: string | null,
 *  districtId: string,
 *  schools?: SchoolMembership[],
 *  latestPlacement?: Placement | null,
 * }} Account
 */

/**
 * What the session may do (from `GET /me`).
 * @typedef {{
 *  districtAdmin?: boolean,
 *  adminApi?: boolean,
 *  adminSchools?: string[] | 'all',
 * }} Scope
 */

/**
 * `GET /me`: the account with its district and scope.
 * @typedef {Account & {
 *  district?: { id?: string, name?: string } | null,
 *  scope?: Scope | null,
 * }} Me
 */

/**
 * A demo user of `GET /auth/dev-users`.
 * @typedef {{
 *  accountId: string,
 *  name: PersonName | string,
 *  preferredName?: PersonName | string | null,
 *  roles?: string[],
 *  schools?: { name?: string }[],
 * }} DevUser
 */

/**
 * @typedef {{
 *  id: string,
 *  name: string,
 *  status?: string,
 *  lowGrade?: string | null,
 *  highGrade?: string | null,
 * }} School
 */

/**
 * @typedef {{
 *  id: string,
 *  name: string,
 *  order?: number,
 * }} Course
 */

/**
 * @typedef {{
 *  id: string,
 *  name: PersonName | string,
 * }} ClassTeacher
 */

/**
 * @typedef {{
 *  id: string,
 *  name: string,
 *  schoolId: string,
 *  courseId?: string | null,
 *  status?: string,
 *  teacherIds?: string[],
 *  teachers?: ClassTeacher[],
 *  needsTeacher?: boolean,
 *  activeEnrollments?: number,
 *  schoolYear?: { id: string, name: string },
 * }} RosterClass
 */

/**
 * @typedef {{
 *  schoolId: string,
 *  name: string,
 *  courseId?: string,
 *  teacherIds?: string[],
 * }} NewClass
 */

/**
 * @typedef {{
 *  name?: string,
 *  courseId?: string | null,
 *  addTeacherIds?: string[],
 *  removeTeacherIds?: string[],
 * }} ClassChange
 */

/**
 * @typedef {{
 *  studentId: string,
 *  student?: Partial<Account>,
 *  startedAt?: string,
 *  status?: 'active' | 'ended',
 *  endedAt?: string,
 *  endReason?: string,
 * }} Enrollment
 */

/**
 * @typedef {{
 *  code: string,
 *  detail?: string,
 * }} EnrollWarning
 */

/**
 * @typedef {{
 *  studentId: string,
 *  outcome: 'enrolled' | 'rejected' | string,
 *  code?: string,
 *  warnings?: EnrollWarning[],
 * }} EnrollResult
 */

/**
 * @typedef {{
 *  studentId: string,
 *  recommendedCourseId: string,
 *  testedOn: string,
 *  score?: number,
 * }} NewPlacement
 */

/**
 * @typedef {{
 *  id: string,
 *  kind?: string,
 *  trigger?: string,
 *  status: string,
 *  startedAt?: string,
 *  finishedAt?: string | null,
 *  counts?: Partial<Record<string, number>>,
 *  heldRemovals?: number,
 *  mode?: 'apply' | 'preview',
 *  holdReasons?: HoldReason[],
 *  error?: string | { code?: string, message?: string } | null,
 * }} SyncRun
 */

/**
 * Why the safeguard holds a run (or would hold, for a preview): the whole district (`all`) or one role.
 * @typedef {{ role: 'all' | 'students' | 'teachers' | 'staff', removals: number, activeAccounts: number, thresholdPercent: number }} HoldReason
 */

/**
 * A record a preview would change, or a held run would archive (issue 15).
 * @typedef {{
 *  kind: 'created' | 'updated' | 'archived' | 'restored' | 'rejected',
 *  recordType: string,
 *  cleverId: string,
 *  role?: string,
 *  schoolCleverId?: string,
 *  schoolName?: string,
 *  displayName?: string,
 *  reason?: string,
 * }} SyncChange
 */

/**
 * @typedef {{
 *  runId: string,
 *  removals: number,
 *  activeUsers?: number | null,
 *  thresholdPercent?: number,
 *  roles?: string[],
 * }} HeldRun
 */

/**
 * @typedef {{
 *  runId: string,
 *  recordType?: string,
 *  cleverId?: string,
 *  reason?: string,
 * }} RejectedRecord
 */

/**
 * @typedef {{
 *  placementRequired?: boolean,
 *  safeguardThresholdPercent?: number,
 *  safeguardThresholds?: { students?: number, teachers?: number, staff?: number },
 *  safeguardMinimumCount?: number,
 * }} DistrictSettings
 */

/**
 * @typedef {{
 *  connection?: { state?: string, since?: string | null } | null,
 *  lastSuccessfulFullSyncAt?: string | null,
 *  eventsCursor?: { ageSeconds?: number | null } | null,
 *  runs?: SyncRun[],
 *  held?: HeldRun | null,
 *  rejected?: RejectedRecord[],
 *  settings?: DistrictSettings,
 * }} SyncStatus
 */

/**
 * @typedef {{
 *  active?: number,
 *  archived?: number,
 * }} RoleCount
 */

/**
 * @typedef {{
 *  schools?: { schoolId: string, name?: string, byRole?: Partial<Record<string, RoleCount>> }[],
 *  totals?: { byRole?: Partial<Record<string, RoleCount>> } | null,
 * }} DistrictSummary
 */

/**
 * @typedef {{
 *  at: string,
 *  action: string,
 *  actor?: { type?: string, id?: string },
 *  targetType?: string,
 *  targetId?: string,
 * }} AuditEntry
 */

/**
 * A Clever section of a school (`GET /schools/{id}/sections`): a filter and a source of suggestions, never a class.
 * @typedef {{
 *  id: string,
 *  cleverId: string,
 *  schoolId: string,
 *  name: string,
 *  subject?: string,
 *  grade?: string,
 *  period?: string,
 *  termName?: string,
 *  teacherIds: string[],
 *  studentCount: number,
 *  availableCount: number,
 *  mine: boolean,
 * }} Section
 */

/**
 * @typedef {{
 *  studentsShared: number,
 *  studentsEverEnrolled: number,
 *  studentsNeverEnrolledAfterDays: number,
 *  teachersShared: number,
 *  teachersWithoutClass: number,
 * }} SharingCounts
 */

/**
 * @typedef {{
 *  districtId: string,
 *  afterDays: number,
 *  district: SharingCounts,
 *  schools: (SharingCounts & { schoolId: string, name: string })[],
 *  contactsIgnored: number | null,
 * }} SharingHealth
 */

/**
 * @typedef {{
 *  id: string,
 *  cleverId: string,
 *  name: PersonName,
 *  grade?: string,
 *  schoolIds: string[],
 *  firstSharedAt: string,
 * }} NeverEnrolledStudent
 */

/**
 * Query values of a request; empty ones (undefined, null, '') are left out of the URL.
 * @typedef {Record<string, string | number | boolean | null | undefined>} Query
 */

/**
 * The client of `/api/v1` (api.js).
 * @typedef {{
 *  me(): Promise<Me | { account: Me, district?: Me['district'], scope?: Scope | null }>,
 *  devUsers(): Promise<Page<DevUser> | DevUser[] | null>,
 *  devLogin(accountId: string): Promise<unknown>,
 *  logout(): Promise<unknown>,
 *  readonly cleverLoginUrl: string,
 *  schools(): Promise<School[]>,
 *  courses(): Promise<Course[]>,
 *  accounts(query: Query): Promise<Page<Account>>,
 *  allAccounts(query: Query): Promise<Account[]>,
 *  account(id: string): Promise<Account>,
 *  availableStudents(schoolId: string, query: Query): Promise<Page<Account>>,
 *  sections(schoolId: string): Promise<Section[]>,
 *  classes(query: Query): Promise<RosterClass[]>,
 *  createClass(body: NewClass): Promise<RosterClass>,
 *  getClass(id: string): Promise<RosterClass>,
 *  updateClass(id: string, body: ClassChange): Promise<RosterClass>,
 *  archiveClass(id: string): Promise<RosterClass>,
 *  enrollments(id: string, query: Query): Promise<Page<Enrollment>>,
 *  enroll(id: string, studentIds: string[], override?: boolean | null): Promise<{ results?: EnrollResult[] } | null>,
 *  unenroll(id: string, studentId: string): Promise<unknown>,
 *  recordPlacement(body: NewPlacement): Promise<Placement | null>,
 *  placements(studentId: string): Promise<Placement[]>,
 *  sync(districtId: string): Promise<SyncStatus>,
 *  syncNow(districtId: string): Promise<unknown>,
 *  approveRun(districtId: string, runId: string): Promise<unknown>,
 *  rejectRun(districtId: string, runId: string): Promise<unknown>,
 *  previewSync(districtId: string): Promise<{ runId: string }>,
 *  syncChanges(districtId: string, runId: string, query: Query): Promise<Page<SyncChange>>,
 *  summary(districtId: string): Promise<DistrictSummary | null>,
 *  settings(districtId: string): Promise<DistrictSettings | null>,
 *  updateSettings(districtId: string, body: DistrictSettings): Promise<DistrictSettings | null>,
 *  sharingHealth(districtId: string, afterDays: number): Promise<SharingHealth>,
 *  neverEnrolled(districtId: string, query: Query): Promise<Page<NeverEnrolledStudent>>,
 *  schoolYears(districtId: string): Promise<SchoolYear[]>,
 *  previewRollover(districtId: string, body: RolloverRequest): Promise<RolloverPreview>,
 *  rollover(districtId: string, body: RolloverRequest, idempotencyKey: string): Promise<RolloverResult>,
 *  audit(cursor?: string | null): Promise<Page<AuditEntry>>,
 *  duplicateAccounts(districtId: string, cursor?: string | null): Promise<Page<DuplicatePair>>,
 *  mergeAccount(sourceId: string, intoAccountId: string): Promise<MergeResult>,
 * }} Api
 */

/**
 * A possible duplicate (issue 16): an archived and an active account sharing strong identifiers.
 * @typedef {{
 *  roleGroup: 'student' | 'staff',
 *  archived: Account & { archivedAt?: string },
 *  active: Account,
 *  evidence: { field: string, value: string }[],
 *  foundAt: string,
 * }} DuplicatePair
 */

/**
 * @typedef {{ sourceAccountId: string, intoAccountId: string, districtId: string, roleGroup: 'student' | 'staff', mergedAt: string, alreadyMerged: boolean }} MergeResult
 */

/**
 * A school year of the district (issue 15).
 * @typedef {{ id: string, name: string, startsOn: string, endsOn: string, status: 'current' | 'ended' }} SchoolYear
 */

/** @typedef {{ name: string, startsOn: string, carryForwardClassIds?: string[] }} RolloverRequest */

/**
 * What a rollover does in one school (preview) or did (result).
 * @typedef {{
 *  schoolId: string,
 *  name?: string,
 *  classesToArchive: number,
 *  enrollmentsToEnd: number,
 *  studentsReturning: number,
 *  classesCarriedForward: number,
 * }} RolloverSchool
 */

/**
 * @typedef {{
 *  endingYear: SchoolYear,
 *  newYear: { name: string, startsOn: string, endsOn: string },
 *  schools: RolloverSchool[],
 *  totals: Omit<RolloverSchool, 'schoolId' | 'name'>,
 * }} RolloverPreview
 */

/** @typedef {RolloverPreview & { newYear: SchoolYear, carriedForward: { fromClassId: string, classId: string }[], rolledOverAt: string }} RolloverResult */

/**
 * The session state the views share (app.js).
 * @typedef {{
 *  me: Me | null,
 *  schools: School[],
 *  courses: Course[],
 *  schoolId: string | null,
 * }} SessionState
 */

/**
 * A signed-in session's state, as the views see it (a view is only rendered with a session).
 * @typedef {SessionState & {
 *  me: Me,
 * }} SignedInState
 */

/**
 * What app.js hands to a view's `render(ctx)`.
 * @typedef {{
 *  container: HTMLElement,
 *  state: SignedInState,
 *  params: Record<string, string>,
 *  query: Record<string, string>,
 *  api: Api,
 *  navigate(path: string, query?: Query): void,
 *  replaceQuery(query: Query): void,
 *  isDistrictAdmin(): boolean,
 *  isAdmin(): boolean,
 *  isAdminOf(schoolId: string): boolean,
 *  schoolById(id: string): School | null,
 *  courseById(id: string): Course | null,
 *  courseName(id: string | null | undefined): string,
 *  resolveSchool(requested: string | undefined): string | null,
 *  isCurrent(): boolean,
 *  setTitle(title: string): void,
 * }} ViewContext
 */

/**
 * A screen: renders into ctx.container and may return a cleanup function.
 * @typedef {(ctx: ViewContext) => Promise<void | (() => void)>} ViewRender
 */

/** @typedef {Node | string | number | boolean | null | undefined} ChildItem */

/**
 * What dom.js's `h()` and `replace()` append: nodes and text; null, undefined and false are skipped; arrays are flattened.
 * (JSDoc typedefs cannot refer to themselves, so arrays nest three deep here, more than the screens use.)
 * @typedef {ChildItem | ReadonlyArray<ChildItem | ReadonlyArray<ChildItem | ReadonlyArray<ChildItem>>>} Child
 */

/**
 * Props of `h()`: `class`, `dataset`, `on<Event>` handlers, properties and attributes (see dom.js).
 * @typedef {Record<string, unknown>} Props
 */

export {};
