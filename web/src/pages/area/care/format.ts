/** How the service section writes its numbers and times. */

/** A share 0–1 as a percentage with one decimal: `0.125` → `12.5%`. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`
}

/** A local ISO time to the minute, readable: `2026-12-05T09:30:00` → `2026-12-05 09:30`. */
export function minute(iso: string): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—'
}

/** Whole minutes between two local ISO times (null when either is missing). */
export function minutesBetween(start: string, end: string): number | null {
  if (!start || !end) return null
  const ms = Date.parse(end) - Date.parse(start)
  return Number.isFinite(ms) ? Math.round(ms / 60000) : null
}

/** A number with `digits` decimals, or a dash. */
export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits)
}
