/** Dates as the pages pick them: ISO `YYYY-MM-DD` strings, compared as text. */

/** Today as YYYY-MM-DD in the browser's time zone. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** `today` when `dates` hold it, else the nearest later date; null when none is that late. */
export function upcomingDay(dates: readonly string[], today: string): string | null {
  return [...dates].sort().find((d) => d >= today) ?? null
}
