/**
 * Working days (工作日) for deadlines: Monday to Friday in China Standard Time, less the official
 * holidays, plus the weekend days that are declared working days (调休上班). Both lists are
 * configuration: the State Council publishes them each year.
 */
export interface WorkingCalendar {
  /** YYYY-MM-DD dates that are not working days although they fall Monday–Friday. */
  holidays: ReadonlySet<string>;
  /** YYYY-MM-DD Saturdays and Sundays that are working days. */
  extraWorkingDays: ReadonlySet<string>;
}

/** China has one time zone and no daylight saving: UTC+8 all year. */
const chinaOffsetMs = 8 * 3600 * 1000;
const dayMs = 24 * 3600 * 1000;

export const chinaDate = (instant: Date): string =>
  new Date(instant.getTime() + chinaOffsetMs).toISOString().slice(0, 10);

const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const nextDate = (date: string): string =>
  new Date(new Date(`${date}T00:00:00Z`).getTime() + dayMs).toISOString().slice(0, 10);

export const isWorkingDay = (date: string, calendar: WorkingCalendar): boolean => {
  if (calendar.extraWorkingDays.has(date)) return true;
  const day = weekday(date);
  return day !== 0 && day !== 6 && !calendar.holidays.has(date);
};

/** The end (23:59:59.999 China time) of a China calendar date, as an instant. */
export const endOfChinaDay = (date: string): Date =>
  new Date(new Date(`${date}T00:00:00Z`).getTime() + dayMs - chinaOffsetMs - 1);

/**
 * The end of the n-th working day after the day of `from` (the day itself does not count, as a
 * report received on Friday evening is not acknowledged "within" Friday).
 */
export const addWorkingDays = (from: Date, days: number, calendar: WorkingCalendar): Date => {
  let date = chinaDate(from);
  let left = days;
  while (left > 0) {
    date = nextDate(date);
    if (isWorkingDay(date, calendar)) left--;
  }
  return endOfChinaDay(date);
};

/** Calendar months in China time, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export const addMonths = (from: Date, months: number): Date => {
  const local = new Date(from.getTime() + chinaOffsetMs);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    year,
    month,
    Math.min(local.getUTCDate(), lastDay),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - chinaOffsetMs);
};

export const addDays = (from: Date, days: number): Date => new Date(from.getTime() + days * dayMs);

/** Whole days between two instants, rounded down (for "days to conclude"). */
export const daysBetween = (from: Date, to: Date): number =>
  Math.floor((to.getTime() - from.getTime()) / dayMs);

export const calendarOf = (
  holidays: readonly string[],
  extraWorkingDays: readonly string[],
): WorkingCalendar => ({
  holidays: new Set(holidays),
  extraWorkingDays: new Set(extraWorkingDays),
});
