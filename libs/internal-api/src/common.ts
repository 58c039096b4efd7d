import { z } from 'zod';

/** Every list of the internal and public APIs answers this shape (keyset paging). */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
