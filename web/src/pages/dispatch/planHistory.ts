/** The last route plan of a date: its unserved stops are only in the planning job's result. */
import { apiGet } from '../../api/client'
import type { JobView, Page } from '../../api/types'
import type { RoutePlanResult } from './types'

const LISTED = 50
/** Finished route-planning jobs looked into (newest first) before giving up. */
const OPENED = 12

/** The result of the newest finished, written `plan_routes` job for `date` that the caller may
 * see (their own jobs; an administrator's: everyone's), or null when there is none. */
export async function latestPlan(date: string): Promise<RoutePlanResult | null> {
  const page = await apiGet<Page<JobView>>('/jobs', { kind: 'plan_routes', limit: LISTED })
  const done = page.items.filter((j) => j.state === 'done')
  for (const summary of done.slice(0, OPENED)) {
    const job = await apiGet<JobView>(`/jobs/${encodeURIComponent(summary.id)}`)
    const params = job.params ?? {}
    if (params.date === date && params.dry_run !== true && job.result) {
      return job.result as RoutePlanResult
    }
  }
  return null
}
