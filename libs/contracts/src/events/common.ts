import { z } from 'zod';

/** Clever ids are Mongo ObjectIDs, but we only require a non-empty bounded string so a format change never drops data. */
export const cleverId = z.string().min(1).max(64);
export const uuid = z.uuid();
export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();

export const personName = z.object({
  first: z.string(),
  middle: z.string().optional(),
  last: z.string(),
});

export const preferredName = z.object({
  first: z.string().optional(),
  middle: z.string().optional(),
  last: z.string().optional(),
});

/** Roles in Roster (ARCHITECTURE.md §1). Clever's `staff` is our `school_admin`; `contact` gets no account. */
export const accountRole = z.enum(['district_admin', 'school_admin', 'teacher', 'student']);
export type AccountRole = z.infer<typeof accountRole>;

export const actor = z.object({
  type: z.enum(['user', 'system']),
  /** Account id of the person, or the subsystem name for `system`. */
  id: z.string().min(1),
});
export type Actor = z.infer<typeof actor>;
