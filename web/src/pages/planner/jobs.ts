/** POSTs that the server may answer directly or with a job (202 and a JobView): either way
 * the caller gets the result, and the job's progress while it runs. */

import { ApiError, apiGet, apiSend } from '../../api/client'
import type { JobProgress, JobView } from '../../api/types'

const POLL_MS = 400
const ENDED = new Set(['failed', 'cancelled', 'interrupted'])

function isJob(answer: unknown): answer is JobView {
  const a = answer as Partial<JobView> | null
  return !!a && typeof a.id === 'string' && typeof a.state === 'string' && 'percent' in a
}

/** POSTs `body` to `path`; a job's answer is polled until it ends, reporting progress. */
export async function postAndFollow<T>(
  path: string,
  body: unknown,
  onProgress: (p: JobProgress | null) => void,
): Promise<T> {
  let answer = await apiSend<unknown>('POST', path, body)
  if (!isJob(answer)) return answer as T
  for (;;) {
    const job: JobView = answer as JobView
    const { id, kind, state, stage, percent } = job
    onProgress({ id, kind, state, stage, percent })
    if (job.state === 'done') return job.result as T
    if (ENDED.has(job.state)) {
      throw new ApiError(
        job.state === 'failed' ? 422 : 409,
        job.error?.error ?? job.state,
        job.error?.message ?? `the job was ${job.state}`,
        job.error?.details ?? null,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    answer = await apiGet<JobView>(`/jobs/${encodeURIComponent(job.id)}`)
  }
}
