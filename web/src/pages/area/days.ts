/** Which day's routes the area page shows. */
import { upcomingDay } from '../../days'

/** `today` when it has routes, else the nearest later date, else the last; null if none.
 * `dates` are ISO dates, ascending. */
export function pickDay(dates: string[], today: string): string | null {
  return upcomingDay(dates, today) ?? dates[dates.length - 1] ?? null
}
