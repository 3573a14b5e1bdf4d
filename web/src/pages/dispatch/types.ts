/** The dispatch board's API shapes (routing/service/*.py, jobs/records.py); the routes'
 * shapes (`DeliveryRoute`, `RouteStop`) are the shared ones in api/types.ts. */
import type { DeliveryRoute } from '../../api/types'

export type { DeliveryRoute, RouteStop } from '../../api/types'

export interface UnservedStop {
  retailer: string
  reason: string
}

/** The result of a `plan_routes` job (routing/service/delivery.py). */
export interface RoutePlanResult {
  date: string
  zone: number
  stops: number
  served: number
  unserved: UnservedStop[]
  vehicles: number
  trips: number
  max_load_cases: number
  max_load_share: number
  over_capacity: string[]
  max_shift_minutes: number
  total_km: number
  engine: string
  seconds: number
  solve_seconds: number
  applied: boolean
}

export interface VisitDay {
  manager: string
  date: string
  visits: string[]
  minutes: number
}

export interface VisitPlan {
  week: string
  managers: number
  visits: number
  max_visits_per_day: number
  max_day_minutes: number
  missed: { retailer: string; manager: string; reason: string }[]
  days: VisitDay[]
  seconds: number
}

export interface CallLists {
  date: string
  zone: number
  agents: number
  calls: number
  max_calls_per_agent: number
  unassigned: { retailer: string; agent: string; reason: string }[]
  /** Agent → retailers in calling order. */
  lists: Record<string, string[]>
}

/** A vehicle's day: its trips together. */
export interface VehicleDay {
  vehicle: string
  plate: string
  label: string
  colour: string
  routes: DeliveryRoute[]
  load: number
  capacity: number | null
  minutes: number
  shift: number | null
  stops: number
}
