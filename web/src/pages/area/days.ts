/** Which day's routes the area page shows. */

/** Today as YYYY-MM-DD in the browser's time zone. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** `today` when it has routes, else the nearest later date, else the last; null if none.
 * `dates` are ISO dates, ascending. */
export function pickDay(dates: string[], today: string): string | null {
  if (!dates.length) return null
  if (dates.includes(today)) return today
  return dates.find((d) => d > today) ?? dates[dates.length - 1]
}
