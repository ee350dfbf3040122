// Expiry renewal in place. Harbor counts a robot's expiry from its creation (expires_at = creation +
// duration days) and rotating the secret does not move it; but a PUT with a larger duration does. So
// with renewBeforeDays n, when the expiry is n days away or past, the update raises Harbor's duration
// to the declared duration plus the whole days since creation: the robot is again valid for its
// declared duration from now, keeps its id and secret, and nothing is replaced.
//
// The state remembers those added days (renewalOffsetDays): from then on Harbor's duration is the
// declared one plus the offset, so a later update (a new description, a longer duration) never undoes
// a renewal, and diff does not take the renewed duration for drift.
//
// Harbor accepts at most MAX_DURATION_DAYS (just under 2^31 days: `d < math.MaxInt32`). Declared plus
// added days is capped there, so no renewal and no later update ever sends a duration Harbor rejects;
// a robot whose duration has reached the cap cannot be renewed further, and the preview says so.
import { durationDays, MAX_DURATION_DAYS } from "../model/robot-rules";
import { isUnknown } from "../model/unknowns";
import type { CheckedRobotInputs } from "./check";
import type { RobotAccountState } from "./state";

export const DAY_SECONDS = 86_400;

type Olds = Pick<
  RobotAccountState,
  "durationDays" | "expiresAt" | "creationTime" | "renewalOffsetDays" | "fullName"
>;
type News = Pick<CheckedRobotInputs, "duration" | "renewBeforeDays">;

/** The duration Harbor should hold, and the renewal offset to store with it (omitted when none). */
export interface PlannedDuration {
  durationDays: number;
  renewalOffsetDays?: number;
  /** Set when this plan renews the robot: when it would have expired, and its new expiry (Unix s). */
  renewal?: { wouldExpireAt: number; newExpiresAt: number; capped?: true };
  /** Set when renewal is due but Harbor's maximum duration leaves nothing to add (no change then). */
  atMaximum?: { expiresAt: number };
}

/** Harbor's limit on a robot's duration in days: anything longer is capped (never "never": -1 stays). */
export function withinHarborMaximum(days: number): number {
  return days === -1 ? -1 : Math.min(days, MAX_DURATION_DAYS);
}

/**
 * Whole days from `createdSeconds` to `nowSeconds`, rounded up: the smallest offset that puts
 * creation + (term + offset) days at or after now + term days.
 */
export function daysSinceCreation(createdSeconds: number, nowSeconds: number): number {
  return Math.max(0, Math.ceil((nowSeconds - createdSeconds) / DAY_SECONDS));
}

/**
 * The expiry Harbor holds after an update that sets `days`: Harbor recomputes it (creation time +
 * duration, -1 never) only when the duration changes; otherwise the robot keeps its own.
 */
export function expiryAfter(
  olds: Pick<RobotAccountState, "creationTime" | "durationDays" | "expiresAt">,
  days: number,
): number {
  const created = Date.parse(olds.creationTime);
  if (days === olds.durationDays || !Number.isFinite(created)) return olds.expiresAt;
  return days === -1 ? -1 : Math.floor(created / 1000) + days * DAY_SECONDS;
}

/** Whether an expiry is within `renewBeforeDays` days of now, or past (never: -1 is not). */
export function renewalDue(expiresAt: number, renewBeforeDays: number, nowSeconds: number): boolean {
  return expiresAt !== -1 && expiresAt <= nowSeconds + renewBeforeDays * DAY_SECONDS;
}

/** Harbor's duration for a declared one, earlier renewals kept (-1 never). */
export function harborDuration(
  olds: Pick<RobotAccountState, "renewalOffsetDays">,
  declared: number | "never",
): number {
  const days = durationDays(declared);
  return days === -1 ? -1 : withinHarborMaximum(days + (olds.renewalOffsetDays ?? 0));
}

/** The declared term in days (-1 never): the input, else what Harbor holds less earlier renewals. */
function declaredTerm(olds: Olds, news: News): number {
  if (news.duration !== undefined) return durationDays(news.duration);
  return olds.durationDays === -1 ? -1 : olds.durationDays - (olds.renewalOffsetDays ?? 0);
}

/**
 * What update sends as the duration, and whether that is a renewal. Undefined while the declared
 * duration or renewBeforeDays is not known yet (preview with unknowns): the caller decides then.
 */
export function plannedDuration(
  olds: Olds,
  news: News,
  nowSeconds = Date.now() / 1000,
): PlannedDuration | undefined {
  if (isUnknown(news.duration) || isUnknown(news.renewBeforeDays)) return undefined;
  const term = declaredTerm(olds, news);
  if (term === -1) return { durationDays: -1 }; // never expires: nothing to renew
  const offset = olds.renewalOffsetDays ?? 0;
  // The offset is kept whole even where the cap hides it: a later, shorter declaration keeps the renewal.
  const kept: PlannedDuration = {
    durationDays: withinHarborMaximum(term + offset),
    ...(offset ? { renewalOffsetDays: offset } : {}),
  };
  const created = Date.parse(olds.creationTime) / 1000;
  if (news.renewBeforeDays === undefined || !Number.isFinite(created)) return kept;
  // The expiry this update would leave: Harbor's own while the duration stays, else recomputed.
  const wouldExpireAt = expiryAfter(olds, kept.durationDays);
  if (!renewalDue(wouldExpireAt, news.renewBeforeDays, nowSeconds)) return kept;
  const renewalOffsetDays = daysSinceCreation(Math.floor(created), nowSeconds);
  const wanted = term + renewalOffsetDays;
  const renewed = withinHarborMaximum(wanted);
  // Capped at or below what Harbor holds already: renewing would not move the expiry.
  if (renewed <= kept.durationDays) return { ...kept, atMaximum: { expiresAt: wouldExpireAt } };
  return {
    durationDays: renewed,
    renewalOffsetDays,
    renewal: {
      wouldExpireAt,
      newExpiresAt: Math.floor(created) + renewed * DAY_SECONDS,
      ...(renewed < wanted ? { capped: true as const } : {}),
    },
  };
}

/** JavaScript dates end in the year 275760; Harbor's longest durations reach far beyond it. */
const LAST_DATE_SECONDS = 8.64e12;
const YEAR_SECONDS = 31_556_952; // a mean Gregorian year

/** An ISO time, or the year for an expiry past the last date JavaScript can show. */
export function isoTime(unixSeconds: number): string {
  if (Math.abs(unixSeconds) <= LAST_DATE_SECONDS) return new Date(unixSeconds * 1000).toISOString();
  return `the year ${Math.floor(1970 + unixSeconds / YEAR_SECONDS)}`;
}

/** The preview's words for a renewal: when the robot would have expired, and its new expiry. */
export function renewalNote(
  olds: Olds,
  news: News,
  plan: PlannedDuration,
  nowSeconds: number,
): string | undefined {
  if (plan.atMaximum)
    return (
      `robot ${olds.fullName} expires at ${isoTime(plan.atMaximum.expiresAt)}, within renewBeforeDays ` +
      `(${news.renewBeforeDays}), but its duration is already Harbor's maximum (${MAX_DURATION_DAYS} days from its ` +
      `creation, ${olds.creationTime}): it cannot be renewed further. Nothing is changed; replace the robot to ` +
      "start a new term, or lower renewBeforeDays."
    );
  if (!plan.renewal) return undefined;
  const { wouldExpireAt, newExpiresAt } = plan.renewal;
  const when =
    wouldExpireAt <= nowSeconds
      ? `expired at ${isoTime(wouldExpireAt)}`
      : `would expire at ${isoTime(wouldExpireAt)}, within renewBeforeDays (${news.renewBeforeDays})`;
  const term = declaredTerm(olds, news);
  // check rejects this when duration is declared; with the server's default it is known only here.
  const everyRun =
    news.renewBeforeDays !== undefined && news.renewBeforeDays >= term
      ? ` Note: renewBeforeDays (${news.renewBeforeDays}) is not less than its ${term}-day duration, so every run ` +
        "will renew it again: lower renewBeforeDays or declare a longer duration."
      : "";
  const span = plan.renewal.capped
    ? `less than ${term} days from now: Harbor's maximum duration (${MAX_DURATION_DAYS} days) caps it`
    : `${term} days from now`;
  return (
    `robot ${olds.fullName} ${when}: \`pulumi up\` renews it in place, raising its duration to ` +
    `${plan.durationDays} days from its creation (${olds.creationTime}), so that it expires at ` +
    `${isoTime(newExpiresAt)}, ${span}. Same robot, same secret.${everyRun}`
  );
}
