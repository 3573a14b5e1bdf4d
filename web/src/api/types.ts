/** Shapes of the API's answers used by the shell and the area page (see /api/docs). */

export type AccountRole =
  | 'admin'
  | 'planner'
  | 'dispatcher'
  | 'supervisor'
  | 'team_lead'
  | 'staff'
  | 'viewer'
  | 'retailer'

export type StaffRole = 'agent' | 'manager' | 'inspector' | 'driver'

export interface Principal {
  user: string
  role: AccountRole
  staff?: string | null
  staff_role?: StaffRole | null
  areas?: string[] | null
  retailer?: string | null
}

export interface BearerToken {
  access_token: string
  token_type: string
}

/** The API's error body. */
export interface ErrorBody {
  error: string
  message: string
  details?: unknown
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'

export interface JobError {
  error: string
  message: string
  details?: unknown
}

/** One job as `GET /api/jobs/{id}` returns it; `percent` (0–100) is of the current stage. */
export interface JobView {
  id: string
  kind: string
  owner: string
  state: JobState
  stage: string
  percent: number
  created_at: string
  started_at: string
  finished_at: string
  error?: JobError | null
  params?: Record<string, unknown>
  result?: unknown
  cancel_requested?: boolean
}

/** What a running job reports to `runJob`'s onProgress. */
export interface JobProgress {
  id: string
  kind: string
  state: JobState
  stage: string
  percent: number
}

export interface Page<T> {
  items: T[]
  total: number
  offset: number
  limit: number
}

export interface TeamLoad {
  area: string
  zone: number | null
  role: string
  people: number
  load_per_person: number
  unit: string
}

export interface MemberLoad {
  employee_no: string
  name: string
  role: string
  role_zh: string
  lead: boolean
  load: Record<string, unknown>
}

export type Measure = 'customers' | 'workload' | 'volume'

export interface AreaMetrics {
  code: string
  name: string
  name_en: string
  zone: number | null
  customers: number
  customers_deviation: number
  workload: number
  workload_deviation: number
  volume: number
  volume_deviation: number
  compactness_km: number
  team: TeamLoad[]
  members: MemberLoad[]
  /** City mean per measure (may be absent on an older server). */
  mean?: Partial<Record<Measure, number>>
  /** Default tolerance (relative, 0.1 = 10%) per measure. */
  tolerance?: Partial<Record<Measure, number>>
}

export type GraphNodeKind = 'area' | 'lead' | 'staff' | 'retailer' | 'route'

export interface GraphNode {
  id: string
  kind: GraphNodeKind | string
  label: string
  role: string | null
  tier: number | null
  value_segment: string | null
  x: number
  y: number
}

export interface GraphEdge {
  source: string
  target: string
  kind: string
}

export interface AreaGraph {
  code: string
  name: string
  name_en: string
  zone: number | null
  day: string | null
  lead: string | null
  team: Record<string, string[]>
  counts: Record<string, number>
  nodes: GraphNode[]
  edges: GraphEdge[]
}

/** `GET /api/map/retailers` — column arrays, one entry per retailer. */
export interface MapPoints {
  ids: string[]
  names: string[]
  licences: string[]
  lon: number[]
  lat: number[]
  areas: (string | null)[]
  tiers: (number | null)[]
  values: (string | null)[]
  count: number
}

export interface RouteStop {
  seq: number
  eta_min: number
  cases: number
  retailer: string
  name: string
  address: string | null
  phone: string | null
  lon: number
  lat: number
}

export interface DeliveryRoute {
  route: string
  trip: number
  zone: number
  load_cases: number
  distance_km: number
  start_min: number
  end_min: number
  vehicle: string
  plate: string
  depot: string
  depot_name: string
  depot_lon: number
  depot_lat: number
  driver: string | null
  driver_name: string | null
  capacity_cases?: number
  shift_min?: number
  stops: RouteStop[]
}

export type FieldChange = 'static' | 'dynamic' | 'derived'

export interface FieldValue {
  field: string
  label_zh: string
  label_en: string
  change: FieldChange
  value: boolean | number | string | null
}

export interface ClassExplanation {
  class: string | number | boolean
  text: string
}

export interface ClassChange {
  id: string
  retailer_id: string
  scheme: string
  changed_on: string
  old: string
  new: string
  reason: string
}

export interface ChangeRequest {
  id: string
  retailer_id: string
  field: string
  old: string
  new: string
  requested_by: string
  requested_role: string
  requested_at: string
  status: string
  decided_by?: string
  decided_at?: string
  note?: string
}

export interface AuditEntry {
  id: string
  retailer_id: string
  field: string
  old: string
  new: string
  changed_by: string
  role: string
  changed_at: string
  request_id?: string
}

export interface TeamMember {
  employee_no: string
  name: string
  phone: string
  role: string
  role_zh: string
  lead: boolean
}

export interface RetailerTeam {
  retailer: string
  area: string | null
  team: TeamMember[]
}

export interface RetailerProfile {
  id: string
  name: string
  fields: Record<string, FieldValue[]>
  classified_on: string | null
  classes: Record<string, ClassExplanation>
  class_history: ClassChange[]
  pending_change_requests: ChangeRequest[]
  audit: AuditEntry[]
  team: RetailerTeam
}

export interface RetailerSummary {
  id: string
  name: string
  area: string | null
  zone: number | null
  district: string
  licence_no: string
  address: string
  category_code: string
  tier: number
  grade: number
  value_segment: string
  lifecycle: string
  avg_monthly_cases: number
  key_account: boolean
}
