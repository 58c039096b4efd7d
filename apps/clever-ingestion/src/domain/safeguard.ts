/**
 * The mass-change safeguard (ARCHITECTURE.md §1): a full sync that would archive more than
 * `thresholdPercent` of the district's active users holds its removals until a district admin decides.
 * Exactly at the threshold is allowed; 0 % holds any removal; 100 % never holds.
 */
export interface SafeguardInput {
  /** Users the run would archive. */
  removals: number;
  /** Active users of the district in the shadow index (before the removals). */
  activeUsers: number;
  thresholdPercent: number;
}

export function shouldHold({ removals, activeUsers, thresholdPercent }: SafeguardInput): boolean {
  if (removals <= 0) return false;
  if (activeUsers <= 0) return true;
  return removals * 100 > thresholdPercent * activeUsers;
}

export const DEFAULT_SAFEGUARD_THRESHOLD_PERCENT = 25;
