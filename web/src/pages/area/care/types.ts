/** The service loop's answers as the area page reads them: visit adherence, cases with their
 * clocks, the survey's KANO / importance–satisfaction analysis, the area's actions and a
 * retailer's interactions. */

/** One row of an adherence table (shares 0–1). */
export interface AdherenceRow {
  key: string
  planned: number
  verified: number
  met: number
  over: number
  retailers: number
  covered: number
  adherence: number
  coverage: number
  over_service: number
}

export type UnverifiedReason =
  | 'not_done'
  | 'no_checkin'
  | 'spoofed'
  | 'too_far'
  | 'too_short'
  | 'duplicate'

/** `GET /api/interactions/adherence`. */
export interface AdherenceReport {
  first: string
  until: string
  areas: string[]
  max_distance_m: number
  unverified_total: number
  last_week_partial: boolean
  adherence: {
    weeks: string[]
    overall: AdherenceRow
    by_manager: AdherenceRow[]
    by_area: AdherenceRow[]
    by_class: AdherenceRow[]
    by_week: AdherenceRow[]
    visits: number
    verified: number
    late: number
    reasons: Record<string, number>
  }
  reason_labels: Record<string, [string, string]>
}

export type ClockState = 'ok' | 'warning' | 'breached' | 'met' | 'missed'

export interface CaseClock {
  clock: string
  target_min: number
  elapsed_min: number
  share: number
  due_at: string
  state: ClockState
  clock_zh: string
  state_zh: string
}

export type CaseStatus = 'open' | 'responded' | 'paused' | 'closed'

export interface CaseView {
  case: {
    id: string
    retailer_id: string
    kind: string
    channel: string
    category: string
    text: string
    opened_at: string
    owner: string
    owner_role: string
    key_account: boolean
    status: CaseStatus
    responded_at: string
    closed_at: string
  }
  area: string | null
  service_class: string | null
  as_of: string
  first_response: CaseClock
  resolution: CaseClock
}

export type KanoCategory = 'A' | 'O' | 'M' | 'I' | 'R' | 'Q'
export type Quadrant = 'under_service' | 'keep' | 'low_priority' | 'over_service'

export interface SurveyItemResult {
  item: string
  item_zh: string
  item_en: string
  role: string
  n: number
  counts: Record<KanoCategory, number>
  category: KanoCategory
  category_zh: string
  category_en: string
  better: number
  worse: number
  mixed: boolean
  importance: number
  satisfaction: number
  quadrant: Quadrant
  quadrant_zh: string
  quadrant_en: string
}

export interface SurveyGroup {
  group: string
  answers: number
  retailers: number
  importance_cut: number
  satisfaction_cut: number
  items: SurveyItemResult[]
}

/** `GET /api/surveys/analysis`. */
export interface SurveyAnalysis {
  wave: string
  by: string | null
  answers: number
  retailers: number
  overall: SurveyGroup
  groups: SurveyGroup[]
}

export interface AreaAction {
  id: string
  area: string
  kind: 'under_service' | 'breach'
  role: string
  subject: string
  text_zh: string
  text_en: string
  created_at: string
  status: 'open' | 'done'
}

export interface Interaction {
  id: string
  kind: 'visit' | 'call' | 'delivery' | 'inspection'
  retailer_id: string
  staff_id: string
  role: string
  day: string
  status: 'done' | 'missed' | 'cancelled'
  started_at: string
  ended_at: string
  tasks: string
  notes: string
}
