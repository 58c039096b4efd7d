import { raw, type RawQueryFragment } from '@mikro-orm/core';

/**
 * Rows as one JSON parameter for `json_to_recordset(?::json) as r(...)`, escaped here with two native
 * replaces and handed to MikroORM as a raw fragment: MikroORM 7 inlines bound parameters into the SQL
 * text and escapes large values character by character, which made the outbox and inbox inserts cost
 * more than the statements themselves. The E'' form is safe whatever `standard_conforming_strings` says.
 */
export function jsonRowsLiteral(rows: readonly object[]): RawQueryFragment {
  return raw(`E'${JSON.stringify(rows).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`);
}
