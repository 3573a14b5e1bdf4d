/** Before/after rows of the areas from what the API answers: the current figures against a
 * plan's area table, two plans compared, or a preview of manual moves. */

import type { AreaMetrics, Measure } from '../../api/types'
import { MEASURES } from './format'
import type {
  AreaBeforeAfter,
  AreaRow,
  AreaSide,
  ComparedArea,
  MoveResult,
  PlanComparison,
} from './types'

type Figures = Pick<AreaRow, `${Measure}` | `${Measure}_deviation`>

function side(row: Figures): AreaSide {
  return {
    customers: row.customers,
    workload: row.workload,
    volume: row.volume,
    deviation: Object.fromEntries(MEASURES.map((m) => [m, row[`${m}_deviation`]])),
  }
}

/** The current areas (before) against a plan's area table (after), by code. */
export function planRows(before: AreaMetrics[], after: AreaRow[]): AreaBeforeAfter[] {
  const now = new Map(before.map((a) => [a.code, a]))
  const next = new Map(after.map((a) => [a.area, a]))
  const codes = [...new Set([...now.keys(), ...next.keys()])].sort()
  return codes.map((code) => {
    const a = now.get(code)
    const b = next.get(code)
    return { code, before: a ? side(a) : null, after: b ? side(b) : null }
  })
}

/** Two plans' areas (a before, b after), each side's deviations from its own mean over the
 * areas that side holds. */
export function comparisonRows(cmp: PlanComparison): AreaBeforeAfter[] {
  const sideOf = (s: 'a' | 'b') => {
    const held = cmp.areas.filter((a) => MEASURES.some((m) => a[`${m}_${s}`] > 0))
    const mean = (m: Measure) =>
      held.reduce((sum, a) => sum + a[`${m}_${s}`], 0) / Math.max(held.length, 1)
    const means = Object.fromEntries(MEASURES.map((m) => [m, mean(m)])) as Record<Measure, number>
    return (a: ComparedArea): AreaSide | null =>
      held.includes(a)
        ? {
            customers: a[`customers_${s}`],
            workload: a[`workload_${s}`],
            volume: a[`volume_${s}`],
            deviation: Object.fromEntries(
              MEASURES.map((m) => [m, a[`${m}_${s}`] / Math.max(means[m], 1e-9) - 1]),
            ),
          }
        : null
  }
  const [a, b] = [sideOf('a'), sideOf('b')]
  return [...cmp.areas]
    .sort((x, y) => x.code.localeCompare(y.code))
    .map((area) => ({ code: area.code, before: a(area), after: b(area) }))
}

/** The areas a preview of manual moves touches, before and after. */
export function previewRows(result: MoveResult): AreaBeforeAfter[] {
  return result.areas.map((a) => ({
    code: a.code,
    before: {
      customers: a.customers_before,
      workload: a.workload_before,
      volume: a.volume_before,
      deviation: a.deviation_before,
    },
    after: {
      customers: a.customers_after,
      workload: a.workload_after,
      volume: a.volume_after,
      deviation: a.deviation_after,
    },
  }))
}
