/** How the planner shows figures: amounts, signed percentages, and a deviation's standing
 * against its tolerance. */

import type { AreaMetrics, Measure } from '../../api/types'

export const MEASURES: readonly Measure[] = ['customers', 'workload', 'volume']

/** The server's default tolerances, used when an older server leaves them out. */
export const DEFAULT_TOLERANCE: Record<Measure, number> = {
  customers: 0.05,
  workload: 0.05,
  volume: 0.12,
}

/** Within the tolerance (`ok`), in its last fifth (`near`), or outside (`out`). */
export type Standing = 'ok' | 'near' | 'out'

export function standing(deviation: number, tolerance: number): Standing {
  const size = Math.abs(deviation)
  if (size > tolerance + 1e-9) return 'out'
  return size > 0.8 * tolerance ? 'near' : 'ok'
}

/** 0.034 → "+3.4%". */
export function percent(share: number): string {
  const text = (share * 100).toFixed(1)
  return `${share >= 0 ? '+' : ''}${text}%`
}

/** A total rounded to `digits` decimals with grouping. */
export function amount(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits })
}

/** Decimals shown per measure: retailers whole, minutes whole, cases to one decimal. */
export const DIGITS: Record<Measure, number> = { customers: 0, workload: 0, volume: 1 }

/** The tolerance per measure the areas' figures carry (or the defaults). */
export function tolerances(metrics: readonly AreaMetrics[]): Record<Measure, number> {
  const given = metrics[0]?.tolerance ?? {}
  return { ...DEFAULT_TOLERANCE, ...given } as Record<Measure, number>
}

/** The deviation of an area's measure as `AreaMetrics` and `AreaRow` name it. */
export function deviationOf(
  row: Record<`${Measure}_deviation`, number>,
  measure: Measure,
): number {
  return row[`${measure}_deviation`]
}

/** An ISO time as local "YYYY-MM-DD HH:MM". */
export function when(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const two = (n: number) => String(n).padStart(2, '0')
  const day = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`
  return `${day} ${two(d.getHours())}:${two(d.getMinutes())}`
}
