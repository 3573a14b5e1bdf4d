/** Shapes of the territory API's answers the planner reads (see /api/docs): a design's or
 * rebalance's result, stored plans, their comparison, and manual moves. */

import type { Measure } from '../../api/types'

export type PlanKind = 'design' | 'rebalance'

/** One area's totals and relative deviations from the mean (`territory/area_report.py`). */
export interface AreaRow {
  area: string
  compactness_km: number
  customers: number
  customers_deviation: number
  workload: number
  workload_deviation: number
  volume: number
  volume_deviation: number
}

/** A retailer that changes area, and why. */
export interface Move {
  retailer: string
  from: string
  to: string
  reason: string
}

export interface AreaMiss {
  measure: string
  area: string
  deviation: number
  tolerance: number
}

/** The fields a design and a rebalance share (`territory/service/results.py`). */
export interface PlanResult {
  areas: number
  zones: number
  balance: Record<string, number>
  tolerance: Record<string, number>
  feasible: boolean
  misses: AreaMiss[]
  proven: string[]
  contiguous: boolean
  compactness_km: number
  area_table: AreaRow[]
  moved: number
  moved_fraction: number
  applied: boolean
  seconds: number
}

export interface RebalanceResult extends PlanResult {
  balance_before: Record<string, number>
  moved_lower_bound: number
  fewest_proved: boolean
  cap_reached: boolean
  moves: Move[]
}

export type DesignResult = PlanResult

/** A stored plan in the history. */
export interface PlanSummary {
  id: string
  at: string
  by: string
  kind: string
  feasible: boolean
  balance: Record<string, number>
  moved: number
  replaced: string | null
}

/** One area's totals in two plans (`a`, `b`). */
export type ComparedArea = { code: string } & Record<`${Measure}_${'a' | 'b'}`, number>

/** A retailer in another area (null: in no area). */
export interface RetailerMove {
  retailer: string
  name: string
  from: string | null
  to: string | null
}

/** `GET /api/territory/plans/compare`: plan `a` against plan `b` (either may be `current`). */
export interface PlanComparison {
  a: string
  b: string
  moves: RetailerMove[]
  areas: ComparedArea[]
}

/** One area touched by manual moves, before and after. */
export interface MovedArea {
  code: string
  customers_before: number
  customers_after: number
  workload_before: number
  workload_after: number
  volume_before: number
  volume_after: number
  deviation_before: Partial<Record<Measure, number>>
  deviation_after: Partial<Record<Measure, number>>
}

/** `POST /api/territory/moves`: the preview (dry run) or the applied moves. */
export interface MoveResult {
  kind: string
  moves: RetailerMove[]
  areas: MovedArea[]
  mean: Partial<Record<Measure, number>>
  tolerance: Partial<Record<Measure, number>>
  contiguous: boolean
  broken_areas: string[]
  applied: boolean
  plan_id: string | null
}

/** `POST /api/territory/plans/{id}/restore` (a job's result). */
export interface RestoreResult {
  restored: string
  plan_id: string | null
  moved: number
  kept: number
  balance: Record<string, number>
  feasible: boolean
  applied: boolean
}

/** Moves to draw on the map: each shop (by index in the map's columns) to its new area. */
export interface MapMove {
  index: number
  to: string
}

/** One side of an area's before/after: totals and deviations per measure. */
export interface AreaSide {
  customers: number
  workload: number
  volume: number
  deviation: Partial<Record<Measure, number>>
}

/** An area's figures on two sides (a side is null when the area is absent there). */
export interface AreaBeforeAfter {
  code: string
  before: AreaSide | null
  after: AreaSide | null
}
