// GENERATED FILE: do not edit by hand. openapi-typescript from docs/openapi.json;
// regenerate with `npm run api:generate` after changing a public route.
export interface paths {
    "/api/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Accounts of the district (school admins and teachers: accounts of their schools), sorted by last name, first name
         * @description `q` matches name, email, sis_id and student_number (case-insensitive). A `schoolId` the caller cannot see is 404.
         */
        get: operations["listAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One account in the caller's scope */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{id}/merge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Merge an archived account into the active account of the same person (district admins)
         * @description The archived account (`id`, e.g. an old Clever id) becomes an alias of `intoAccountId`: its placements and enrollment history move to it, enrollments it lost only because it was archived re-open for the target (active classes; never twice), and its Clever id resolves to the target if shared again. Both accounts must be in the caller's district (another district's account is 404 IDENTITY.ACCOUNT_NOT_FOUND) and role group; 403 ACCESS.DISTRICT_ADMIN_REQUIRED for other staff; 409 IDENTITY.MERGE_SOURCE_ACTIVE, IDENTITY.MERGE_TARGET_ARCHIVED, IDENTITY.MERGE_ROLE_MISMATCH, IDENTITY.MERGE_INTO_ITSELF, IDENTITY.ACCOUNT_ALREADY_MERGED. A repeat is a no-op (`alreadyMerged: true`).
         */
        post: operations["mergeAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit log, newest first: district admins the whole district, school admins the entries of their schools
         * @description Teachers get 403 ACCESS.SCHOOL_ADMIN_REQUIRED.
         */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/clever/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Clever's redirect back: signs the user in and redirects to `/`
         * @description Exchanges the code once, reads `/v3.0/me`, maps the Clever user to the account, sets the session cookie and redirects to `/`. On failure redirects to `/?signInError=<CODE>` (OAUTH_STATE_MISMATCH, OAUTH_DENIED, OAUTH_CODE_REJECTED, CLEVER_UNAVAILABLE, CLEVER_UNEXPECTED_ANSWER, IDENTITY.ACCOUNT_NOT_FOUND, IDENTITY.ACCOUNT_ARCHIVED, SERVICE_UNAVAILABLE, OAUTH_CODE_REPLAYED). A code is redeemed once and bound to the state and state cookie it was redeemed with: the same callback repeated by the same browser (a double click) gets the same session again; the code with another state or cookie is refused (OAUTH_CODE_REPLAYED). A callback without `state` (a launch from the Clever portal) restarts the flow with a state.
         */
        get: operations["cleverCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/clever/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start "Log in with Clever": redirects to Clever
         * @description Sets a short-lived signed state cookie and redirects (302) to Clever's authorize page. 404 when Clever sign-in is not configured.
         */
        get: operations["cleverLogin"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/dev-login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in as an account without Clever (AUTH_MODE=dev only; 404 otherwise)
         * @description Sets the session cookie and returns a bearer token. 404 IDENTITY.ACCOUNT_NOT_FOUND, 403 IDENTITY.ACCOUNT_ARCHIVED.
         */
        post: operations["devLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/dev-users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Users to sign in as (AUTH_MODE=dev only; 404 otherwise)
         * @description A short list with at least one active user per role and per school, from identity.
         */
        get: operations["listDevUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out: revokes the presented session cookie and bearer token and clears the cookie
         * @description Revokes, for every gateway replica, the session cookie and the bearer token the request presents (valid ones; others are ignored), and clears the cookie. Always 204. Other replicas see the revocation within 5 seconds.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out everywhere: revokes every session and bearer token of the signed-in account
         * @description Every session cookie and bearer token of the account issued up to now stops working (on every replica within 5 seconds); clears the cookie.
         */
        post: operations["logoutEverywhere"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange the session cookie for a bearer token (for API clients)
         * @description 403 GATEWAY.SESSION_REQUIRED when called with a bearer token instead of the session cookie.
         */
        post: operations["issueToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Classes in scope: district admins all, school admins their schools', teachers the classes they teach
         * @description A `schoolId` the caller cannot see is 404.
         */
        get: operations["listClasses"];
        put?: never;
        /**
         * Create a class in a school (a teacher creating it becomes one of its teachers)
         * @description District admins, admins of the school, or teachers of the school. A school the caller cannot see is 404.
         */
        post: operations["createClass"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One class */
        get: operations["getClass"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename a class, set or clear its course, add or remove teachers
         * @description Admins in scope or a teacher of the class.
         */
        patch: operations["updateClass"];
        trace?: never;
    };
    "/api/v1/classes/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a class (its active enrollments end with reason class_archived) */
        post: operations["archiveClass"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/enrollments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enrollments of a class with the student's name and grade (default: active) */
        get: operations["listEnrollments"];
        put?: never;
        /**
         * Enroll 1 to 500 students; each gets an outcome (enrolled or rejected with a code) and warnings
         * @description Rejection codes (classes' own): STUDENT_NOT_FOUND, STUDENT_NOT_ACTIVE, STUDENT_NOT_IN_SCHOOL, ALREADY_ENROLLED, PLACEMENT_REQUIRED; warning COURSE_DIFFERS_FROM_PLACEMENT. `override` (admins only) enrolls despite a missing placement.
         */
        post: operations["enrollStudents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/enrollments/{studentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End a student's active enrollment in a class
         * @description 404 ENROLLMENT_NOT_FOUND when the student is not enrolled.
         */
        delete: operations["unenrollStudent"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/courses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The program's course catalog (one page: `nextCursor` is always null) */
        get: operations["listCourses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/account-retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retention of archived accounts: archivedRetentionDays (null: kept; the default)
         * @description District admins only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another district is 404 IDENTITY.DISTRICT_NOT_FOUND.
         */
        get: operations["getAccountRetention"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set the retention of archived accounts (at least 30 days, or null to keep them)
         * @description Accounts archived longer than `archivedRetentionDays` have their names, email and numbers erased by a scheduled job in identity and classes ("Former student"); ids and history stay. Below 30 days: 400 IDENTITY.RETENTION_TOO_SHORT, nothing changed. District admins only.
         */
        patch: operations["updateAccountRetention"];
        trace?: never;
    };
    "/api/v1/districts/{id}/duplicate-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Possible duplicate accounts: an archived and an active account sharing a strong identifier (district admins)
         * @description Found as records arrive, within one district and role group (students: sis_id, student_number, state_id; staff: email, teacher_number, staff_id, sis_id), with the identifiers they share. Oldest first. District admins only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another district is 404 IDENTITY.DISTRICT_NOT_FOUND.
         */
        get: operations["listDuplicateAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/school-years": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The district's school years, the current one first (classes belong to the year they were created in)
         * @description Staff of the district. A district that never rolled over has one current year derived from the date (July 1 starts a year).
         */
        get: operations["listSchoolYears"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/school-years/rollover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End the current school year and start the next one
         * @description District admins only; the `Idempotency-Key` header is required (400 CLASSES.IDEMPOTENCY_KEY_REQUIRED): a repeat with the same key and body answers the first result, with another body 409 CLASSES.IDEMPOTENCY_KEY_REUSED. Every active class of the ending year is archived (reason school_year_ended), its active enrollments end (school_year_ended; history and placements kept; the students are back in the available lists); carried-forward classes start in the new year with the same name, course and teachers and no students. A year that exists already is 409 CLASSES.SCHOOL_YEAR_EXISTS; while a sync run of the district is running or held, 409 CLASSES.SYNC_IN_PROGRESS; a rollover that waited while another one (another key) ended the year it was asked against, 409 CLASSES.SCHOOL_YEAR_ROLLED_OVER (nothing changed).
         */
        post: operations["rolloverSchoolYear"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/school-years/rollover/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a new-school-year rollover would do, per school (nothing changes)
         * @description District admins only. Per school: active classes of the ending year to archive, active enrollments to end, students who return to the available list, classes carried forward. Refused exactly as the rollover would be (name, start date, carry-forward ids: CLASSES.SCHOOL_YEAR_NAME_INVALID, CLASSES.SCHOOL_YEAR_STARTS_TOO_EARLY, CLASSES.SCHOOL_YEAR_EXISTS, CLASSES.CARRY_FORWARD_INVALID).
         */
        post: operations["previewSchoolYearRollover"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * District settings: placementRequired and placementValidity (classes) and the mass-archive safeguard — safeguardThresholdPercent, safeguardThresholds per role, safeguardMinimumCount (clever-ingestion)
         * @description District admins only.
         */
        get: operations["getDistrictSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change district settings
         * @description `placementRequired` and `placementValidity` are stored by classes, `safeguardThresholdPercent`, `safeguardThresholds` and `safeguardMinimumCount` by clever-ingestion; the answer carries the fields sent, as stored. The two are separate services: when both fields are sent and the second fails, the first change stays (retrying is safe).
         */
        patch: operations["updateDistrictSettings"];
        trace?: never;
    };
    "/api/v1/districts/{id}/sharing-health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sharing health: students and teachers shared vs. used, per school and for the district
         * @description District admins only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another district is 404 IDENTITY.DISTRICT_NOT_FOUND. Per school, "enrolled" and "teaching" mean in a class of that school; for the district, in any of its classes (each person counted once).
         */
        get: operations["getSharingHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/sharing-health/never-enrolled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Students shared longer than afterDays and never enrolled in a class (the drill-down of sharing health)
         * @description District admins only. Sorted by last name, first name. `schoolId` narrows to one school of the district.
         */
        get: operations["listNeverEnrolledStudents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Accounts per role (active/archived), in total and per school
         * @description District admins only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another district is 404 IDENTITY.DISTRICT_NOT_FOUND.
         */
        get: operations["getDistrictSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sync status of the district: connection, cursor age, recent runs and their counts, rejected records, held run
         * @description District admins of the district only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another district is 404 IDENTITY.DISTRICT_NOT_FOUND.
         */
        get: operations["getDistrictSync"];
        put?: never;
        /**
         * Sync now: start a full sync of the district
         * @description 202 with the run id; 409 INGESTION.SYNC_ALREADY_RUNNING (with the running run id) when one is running.
         */
        post: operations["startDistrictSync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/sync/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview changes: a dry-run full read of Clever that lists what a sync would change, and changes nothing
         * @description 202 with the preview run id. The run (`mode: "preview"`) is listed with the other runs; its changes are paged by `GET …/sync/runs/{runId}/changes`. It publishes nothing, leaves the roster, the events cursor and the last successful sync as they are. 409 INGESTION.SYNC_ALREADY_RUNNING (with its run id) while a preview is queued or running; a preview and a real sync of the district are serialized, never run at the same time. District admins only.
         */
        post: operations["previewDistrictSync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/sync/runs/{runId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a run held by the mass-change safeguard: its archives are applied
         * @description 409 INGESTION.RUN_NOT_HELD when the run is not held.
         */
        post: operations["approveSyncRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/sync/runs/{runId}/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The records a preview run would change, or a held run would archive, one kind at a time
         * @description `kind`: created | updated | archived | restored | rejected. A preview lists what it found; a held run lists for `archived` exactly the records approving it would archive now. Other runs, and other kinds of a held run (already applied), answer 409 INGESTION.CHANGES_NOT_RECORDED; a run of another district 404 INGESTION.RUN_NOT_FOUND. District admins only.
         */
        get: operations["listSyncRunChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/districts/{id}/sync/runs/{runId}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a held run: its archives are dropped
         * @description 409 INGESTION.RUN_NOT_HELD when the run is not held.
         */
        post: operations["rejectSyncRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in account, its district and its scope
         * @description The account's fields (`id`, `name`, `roles`, `schools` with `primary`…), `district` and `scope`. Also answers students (with `scope.adminApi: false`); everything else answers them 403 STUDENT_NO_ACCESS.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/placements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a placement-test result for a student (staff of the student's school) */
        post: operations["recordPlacement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Schools the caller can see (district admins: every school of the district), sorted by name */
        get: operations["listSchools"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schools/{id}/available-students": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Active students of a school, to build classes from, with their latest placement
         * @description Staff of the school. Sorted by last name, first name. `placement=none` lists students without a placement; `sectionId` keeps the students of one of the school's Clever sections (the filters combine).
         */
        get: operations["listAvailableStudents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schools/{id}/sections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The school's Clever sections with student counts, the caller's own first
         * @description Staff of the school. Sections only filter and suggest: no class or enrollment is ever made from one. `studentCount` counts the section's active students known to Roster; `availableCount` those of them in none of the school's classes.
         */
        get: operations["listSchoolSections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/{id}/placements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A student's placements, newest first (the first is the one that counts); one page */
        get: operations["listStudentPlacements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Account: {
            /** Format: date-time */
            archivedAt?: string;
            cleverId: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            districtId: string;
            email?: string;
            grade?: string;
            /** Format: uuid */
            id: string;
            name: {
                first: string;
                last: string;
                middle?: string;
            };
            preferredName?: {
                first?: string;
                last?: string;
                middle?: string;
            };
            roles: ("district_admin" | "school_admin" | "teacher" | "student")[];
            schools: {
                primary: boolean;
                roles: ("district_admin" | "school_admin" | "teacher" | "student")[];
                /** Format: uuid */
                schoolId: string;
            }[];
            sisId?: string;
            staffId?: string;
            stateId?: string;
            /** @enum {string} */
            status: "active" | "archived";
            studentNumber?: string;
            teacherNumber?: string;
            title?: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description Accounts archived longer than `archivedRetentionDays` have their personal fields erased in every service (ids and history stay); null keeps them. */
        AccountRetention: {
            archivedRetentionDays: number | null;
            /** Format: uuid */
            districtId: string;
        };
        AuditEntry: {
            action: string;
            actor: {
                id: string;
                type: string;
            };
            /** Format: date-time */
            at: string;
            details: {
                [key: string]: unknown;
            };
            id: string;
            /** Format: uuid */
            schoolId?: string;
            targetId: string;
            targetType: string;
        };
        AvailableStudent: {
            cleverId: string;
            grade?: string;
            /** Format: uuid */
            id: string;
            latestPlacement?: components["schemas"]["Placement"];
            name: {
                first: string;
                last: string;
                middle?: string;
            };
            preferredName?: {
                first?: string;
                last?: string;
                middle?: string;
            };
            sisId?: string;
            studentNumber?: string;
        };
        Class: {
            activeEnrollments: number;
            courseId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            districtId: string;
            /** Format: uuid */
            id: string;
            name: string;
            needsTeacher: boolean;
            /** Format: uuid */
            schoolId: string;
            schoolYear?: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            /** @enum {string} */
            status: "active" | "archived";
            teacherIds: string[];
            teachers: {
                /** Format: uuid */
                id: string;
                name?: {
                    first: string;
                    last: string;
                    middle?: string;
                };
            }[];
            /** Format: date-time */
            updatedAt: string;
        };
        Course: {
            description?: string;
            id: string;
            name: string;
            order: number;
        };
        /** @description The session cookie is set too. */
        DevLogin: {
            account: components["schemas"]["Account"];
            /** Format: date-time */
            expiresAt: string;
            expiresIn: number;
            scope: {
                adminApi: boolean;
                adminSchools: "all" | string[];
                cleverDistrictId: string;
                districtAdmin: boolean;
                /** Format: uuid */
                districtId: string;
                roles: ("district_admin" | "school_admin" | "teacher" | "student")[];
                schools: {
                    roles: ("district_admin" | "school_admin" | "teacher" | "student")[];
                    /** Format: uuid */
                    schoolId: string;
                }[];
                staffSchools: "all" | string[];
            };
            token: string;
            /** @constant */
            tokenType: "Bearer";
        };
        DevUser: {
            /** Format: uuid */
            accountId: string;
            cleverId: string;
            name: {
                first: string;
                last: string;
                middle?: string;
            };
            roles: ("district_admin" | "school_admin" | "teacher" | "student")[];
            schools: {
                name: string | null;
                /** Format: uuid */
                schoolId: string;
            }[];
        };
        District: {
            cleverId: string;
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            status: "connected" | "disconnected";
        };
        DistrictSettings: {
            /** Format: uuid */
            districtId: string;
            placementRequired: boolean;
            /** @enum {string} */
            placementValidity: "any" | "current_school_year";
            safeguardMinimumCount: number;
            safeguardThresholdPercent: number;
            safeguardThresholds: {
                staff: number;
                students: number;
                teachers: number;
            };
        };
        /** @description The settings the request changed, as stored. */
        DistrictSettingsUpdate: {
            /** Format: uuid */
            districtId: string;
            placementRequired?: boolean;
            /** @enum {string} */
            placementValidity?: "any" | "current_school_year";
            safeguardMinimumCount?: number;
            safeguardThresholdPercent?: number;
            safeguardThresholds?: {
                staff: number;
                students: number;
                teachers: number;
            };
        };
        DistrictSummary: {
            /** Format: uuid */
            districtId: string;
            schools: {
                byRole: {
                    [key: string]: {
                        active: number;
                        archived: number;
                    };
                };
                name: string;
                /** Format: uuid */
                schoolId: string;
            }[];
            totals: {
                byRole: {
                    [key: string]: {
                        active: number;
                        archived: number;
                    };
                };
            };
        };
        /** @description An archived and an active account of one district and role group sharing strong identifiers (`evidence`): possibly one person whose Clever id changed. */
        DuplicateAccountPair: {
            active: components["schemas"]["Account"];
            archived: components["schemas"]["Account"];
            evidence: {
                /** @enum {string} */
                field: "sis_id" | "student_number" | "state_id" | "email" | "teacher_number" | "staff_id";
                value: string;
            }[];
            /** Format: date-time */
            foundAt: string;
            /** @enum {string} */
            roleGroup: "student" | "staff";
        };
        Enrollment: {
            /** Format: uuid */
            classId: string;
            /** Format: date-time */
            endedAt?: string;
            endedBy?: {
                id: string;
                type: string;
            };
            endReason?: string;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            startedAt: string;
            startedBy: {
                id: string;
                type: string;
            };
            /** @enum {string} */
            status: "active" | "ended";
            student: {
                grade?: string;
                name?: {
                    first: string;
                    last: string;
                    middle?: string;
                };
            };
            /** Format: uuid */
            studentId: string;
        };
        EnrollResult: {
            enrolled: number;
            rejected: number;
            results: {
                code?: string;
                /** @enum {string} */
                outcome: "enrolled" | "rejected";
                /** Format: uuid */
                studentId: string;
                warnings: {
                    code: string;
                    detail: string;
                }[];
            }[];
        };
        /** @description The signed-in account (its `Account` fields), its district and its scope. */
        Me: {
            /** Format: date-time */
            archivedAt?: string;
            /** @enum {string} */
            authenticatedWith: "cookie" | "bearer";
            cleverId: string;
            /** Format: date-time */
            createdAt: string;
            district: components["schemas"]["District"] | null;
            /** Format: uuid */
            districtId: string;
            email?: string;
            grade?: string;
            /** Format: uuid */
            id: string;
            name: {
                first: string;
                last: string;
                middle?: string;
            };
            preferredName?: {
                first?: string;
                last?: string;
                middle?: string;
            };
            roles: ("district_admin" | "school_admin" | "teacher" | "student")[];
            schools: {
                primary: boolean;
                roles: ("district_admin" | "school_admin" | "teacher" | "student")[];
                /** Format: uuid */
                schoolId: string;
            }[];
            scope: {
                adminApi: boolean;
                adminSchools: "all" | string[];
                cleverDistrictId: string;
                districtAdmin: boolean;
                /** Format: uuid */
                districtId: string;
                roles: ("district_admin" | "school_admin" | "teacher" | "student")[];
                schools: {
                    roles: ("district_admin" | "school_admin" | "teacher" | "student")[];
                    /** Format: uuid */
                    schoolId: string;
                }[];
                staffSchools: "all" | string[];
            };
            sisId?: string;
            staffId?: string;
            stateId?: string;
            /** @enum {string} */
            status: "active" | "archived";
            studentNumber?: string;
            teacherNumber?: string;
            title?: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description A repeat of a done merge answers the same merge with `alreadyMerged: true` and changes nothing. */
        MergeResult: {
            alreadyMerged: boolean;
            /** Format: uuid */
            districtId: string;
            /** Format: uuid */
            intoAccountId: string;
            /** Format: date-time */
            mergedAt: string;
            /** @enum {string} */
            roleGroup: "student" | "staff";
            /** Format: uuid */
            sourceAccountId: string;
        };
        NeverEnrolledStudent: {
            cleverId: string;
            /** Format: date-time */
            firstSharedAt: string;
            grade?: string;
            /** Format: uuid */
            id: string;
            name: {
                first: string;
                last: string;
                middle?: string;
            };
            schoolIds: string[];
        };
        Placement: {
            /** Format: uuid */
            id: string;
            recommendedCourseId: string;
            /** Format: date-time */
            recordedAt: string;
            recordedBy?: string;
            score?: number;
            /** @enum {string} */
            source: "manual" | "assessment";
            /** Format: uuid */
            studentId: string;
            /** Format: date */
            testedOn: string;
        };
        /** @description RFC 9457 problem details (`application/problem+json`) */
        Problem: {
            code: string;
            detail?: string;
            errors?: {
                code: string;
                message: string;
                path: string;
            }[];
            instance?: string;
            status: number;
            title: string;
            type: string;
        } & {
            [key: string]: unknown;
        };
        School: {
            cleverId: string;
            /** Format: uuid */
            districtId: string;
            highGrade?: string;
            /** Format: uuid */
            id: string;
            lowGrade?: string;
            name: string;
            schoolNumber?: string;
            sisId?: string;
            /** @enum {string} */
            status: "active" | "removed";
        };
        SchoolYear: {
            /** Format: date */
            endsOn: string;
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: date */
            startsOn: string;
            /** @enum {string} */
            status: "current" | "ended";
        };
        /** @description What the rollover did (the same counts as its preview), the new current year and the carried-forward classes. */
        SchoolYearRollover: {
            carriedForward: {
                /** Format: uuid */
                classId: string;
                /** Format: uuid */
                fromClassId: string;
            }[];
            endingYear: components["schemas"]["SchoolYear"];
            newYear: components["schemas"]["SchoolYear"];
            /** Format: date-time */
            rolledOverAt: string;
            schools: {
                classesCarriedForward: number;
                classesToArchive: number;
                enrollmentsToEnd: number;
                name?: string;
                /** Format: uuid */
                schoolId: string;
                studentsReturning: number;
            }[];
            totals: {
                classesCarriedForward: number;
                classesToArchive: number;
                enrollmentsToEnd: number;
                studentsReturning: number;
            };
        };
        /** @description What a rollover would do, per school and in total; nothing changed. */
        SchoolYearRolloverPreview: {
            endingYear: components["schemas"]["SchoolYear"];
            newYear: {
                /** Format: date */
                endsOn: string;
                name: string;
                /** Format: date */
                startsOn: string;
            };
            schools: {
                classesCarriedForward: number;
                classesToArchive: number;
                enrollmentsToEnd: number;
                name?: string;
                /** Format: uuid */
                schoolId: string;
                studentsReturning: number;
            }[];
            totals: {
                classesCarriedForward: number;
                classesToArchive: number;
                enrollmentsToEnd: number;
                studentsReturning: number;
            };
        };
        /** @description A Clever section of the school: a filter and a source of suggestions, never a class. */
        Section: {
            availableCount: number;
            cleverId: string;
            grade?: string;
            /** Format: uuid */
            id: string;
            mine: boolean;
            name: string;
            period?: string;
            /** Format: uuid */
            schoolId: string;
            studentCount: number;
            subject?: string;
            teacherIds: string[];
            termName?: string;
        };
        /** @description Whom a district shares through Clever and whom the program uses: counts only, never names. */
        SharingHealth: {
            afterDays: number;
            contactsIgnored: number | null;
            district: {
                studentsEverEnrolled: number;
                studentsNeverEnrolledAfterDays: number;
                studentsShared: number;
                teachersShared: number;
                teachersWithoutClass: number;
            };
            /** Format: uuid */
            districtId: string;
            schools: {
                name: string;
                /** Format: uuid */
                schoolId: string;
                studentsEverEnrolled: number;
                studentsNeverEnrolledAfterDays: number;
                studentsShared: number;
                teachersShared: number;
                teachersWithoutClass: number;
            }[];
        };
        /** @description A record a preview run would change, or a held run would archive: Clever id, type, role, school and display name — no other personal field (rejected records: id and reason only). */
        SyncChange: {
            cleverId: string;
            displayName?: string;
            /** @enum {string} */
            kind: "created" | "updated" | "archived" | "restored" | "rejected";
            reason?: string;
            /** @enum {string} */
            recordType: "district" | "school" | "user" | "section";
            role?: string;
            schoolCleverId?: string;
            schoolName?: string;
        };
        SyncRun: {
            counts: {
                archived: number;
                created: number;
                ignored: number;
                rejected: number;
                restored: number;
                unchanged: number;
                updated: number;
            };
            error?: string;
            /** Format: date-time */
            finishedAt?: string;
            heldRemovals?: number;
            holdReasons?: {
                activeAccounts: number;
                removals: number;
                /** @enum {string} */
                role: "all" | "students" | "teachers" | "staff";
                thresholdPercent: number;
            }[];
            id: string;
            /** @enum {string} */
            kind: "full" | "events";
            /** @enum {string} */
            mode: "apply" | "preview";
            note?: string;
            /** Format: date-time */
            startedAt: string;
            /** @enum {string} */
            status: "running" | "completed" | "held" | "failed" | "rejected";
            /** @enum {string} */
            trigger: "initial" | "schedule" | "manual" | "cursor_expired" | "resync_request" | "events";
        };
        SyncStarted: {
            runId: string;
        };
        /** @description clever-ingestion's sync status with our district id. */
        SyncStatus: {
            cleverDistrictId: string;
            connection: {
                since: string | null;
                /** @enum {string} */
                state: "connected" | "disconnected";
            };
            /** Format: uuid */
            districtId: string;
            eventsCursor: {
                ageSeconds: number;
                id: string;
            } | null;
            held: {
                activeUsers: number;
                removals: number;
                roles: ("all" | "students" | "teachers" | "staff")[];
                runId: string;
                thresholdPercent: number;
            } | null;
            lastSuccessfulFullSyncAt: string | null;
            rejected: {
                cleverId: string;
                reason: string;
                recordType: string;
                runId: string;
            }[];
            runs: components["schemas"]["SyncRun"][];
            settings: {
                safeguardMinimumCount: number;
                safeguardThresholdPercent: number;
                safeguardThresholds: {
                    staff: number;
                    students: number;
                    teachers: number;
                };
            };
        };
        Token: {
            /** Format: date-time */
            expiresAt: string;
            expiresIn: number;
            token: string;
            /** @constant */
            tokenType: "Bearer";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listAccounts: {
        parameters: {
            query?: {
                cleverId?: string;
                cursor?: string;
                /** @description page size, 1..500 (default 50) */
                limit?: number;
                /** @description case-insensitive search */
                q?: string;
                role?: "district_admin" | "school_admin" | "teacher" | "student";
                schoolId?: string;
                status?: "active" | "archived";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Account"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    mergeAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    intoAccountId: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MergeResult"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAudit: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description page size, 1..500 (default 50) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuditEntry"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cleverCallback: {
        parameters: {
            query?: {
                code?: string;
                error?: string;
                error_description?: string;
                scope?: string;
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redirect */
            302: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request line or headers too large (answered by the HTTP server, without a body) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cleverLogin: {
        parameters: {
            query?: {
                /** @description Clever district id hint */
                districtId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redirect */
            302: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    accountId?: string;
                    cleverId?: string;
                } & (unknown | unknown);
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DevLogin"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDevUsers: {
        parameters: {
            query?: {
                districtId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DevUser"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logoutEverywhere: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    issueToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listClasses: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description page size, 1..500 (default 50) */
                limit?: number;
                schoolId?: string;
                status?: "active" | "archived";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Class"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createClass: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    courseId?: string;
                    name: string;
                    /** Format: uuid */
                    schoolId: string;
                    teacherIds?: string[];
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Class"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getClass: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Class"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateClass: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    addTeacherIds?: string[];
                    courseId?: string | null;
                    name?: string;
                    removeTeacherIds?: string[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Class"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    archiveClass: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Class"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEnrollments: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description page size, 1..500 (default 50) */
                limit?: number;
                status?: "active" | "ended" | "all";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Enrollment"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enrollStudents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    override?: boolean;
                    studentIds: string[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrollResult"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unenrollStudent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                studentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCourses: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Course"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccountRetention: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountRetention"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateAccountRetention: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    archivedRetentionDays: number | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountRetention"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDuplicateAccounts: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description page size, 1..500 (default 50) */
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DuplicateAccountPair"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchoolYears: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SchoolYear"][];
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rolloverSchoolYear: {
        parameters: {
            query?: never;
            header?: {
                /** @description Required (1..200 characters; 400 CLASSES.IDEMPOTENCY_KEY_REQUIRED without it). One key per intended rollover: a repeat with it answers the first result. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    carryForwardClassIds?: string[];
                    name: string;
                    /** Format: date */
                    startsOn: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchoolYearRollover"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewSchoolYearRollover: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    carryForwardClassIds?: string[];
                    name: string;
                    /** Format: date */
                    startsOn: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchoolYearRolloverPreview"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDistrictSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DistrictSettings"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateDistrictSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    placementRequired?: boolean;
                    /** @enum {string} */
                    placementValidity?: "any" | "current_school_year";
                    safeguardMinimumCount?: number;
                    safeguardThresholdPercent?: number;
                    safeguardThresholds?: {
                        staff?: number;
                        students?: number;
                        teachers?: number;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DistrictSettingsUpdate"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSharingHealth: {
        parameters: {
            query?: {
                /** @description days a student must have been shared to count as never enrolled, 1..365 (default 30); outside: 400 CLASSES.AFTER_DAYS_OUT_OF_RANGE */
                afterDays?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharingHealth"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listNeverEnrolledStudents: {
        parameters: {
            query?: {
                /** @description days a student must have been shared to count as never enrolled, 1..365 (default 30); outside: 400 CLASSES.AFTER_DAYS_OUT_OF_RANGE */
                afterDays?: number;
                cursor?: string;
                /** @description page size, 1..500 (default 50) */
                limit?: number;
                schoolId?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["NeverEnrolledStudent"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDistrictSummary: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DistrictSummary"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDistrictSync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncStatus"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startDistrictSync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncStarted"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewDistrictSync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncStarted"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approveSyncRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncRun"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSyncRunChanges: {
        parameters: {
            query: {
                cursor?: string;
                kind: "created" | "updated" | "archived" | "restored" | "rejected";
                /** @description page size, 1..500 (default 50) */
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SyncChange"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rejectSyncRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncRun"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordPlacement: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    recommendedCourseId: string;
                    score?: number;
                    /** Format: uuid */
                    studentId: string;
                    /** Format: date */
                    testedOn: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Placement"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchools: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description page size, 1..500 (default 50) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["School"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAvailableStudents: {
        parameters: {
            query?: {
                cursor?: string;
                grade?: string;
                /** @description page size, 1..500 (default 50) */
                limit?: number;
                /** @description `none` (no placement yet) or a course id */
                placement?: "none" | string;
                /** @description case-insensitive search */
                q?: string;
                /** @description only the students of this Clever section of the school (another school's section: 404 CLASSES.SECTION_NOT_FOUND); `mine`: of every section the caller teaches there */
                sectionId?: "mine" | string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AvailableStudent"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchoolSections: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description page size, 1..500 (default 50) */
                limit?: number;
                /** @description `true`: only the sections the caller teaches (default `false`: all, the caller's first) */
                mine?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Section"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listStudentPlacements: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Placement"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service's code) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not in the caller's scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited (RATE_LIMITED); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service is unreachable (SERVICE_UNAVAILABLE) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
