/** POSTs that the server may answer directly or with a job (202 and a JobView): either way
 * the caller gets the result, and the job's progress while it runs; a panel's state while
 * it waits for such work. */

import { ref, type Ref } from 'vue'
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

/** A panel's work, one task at a time: `busy` while `track`'s task runs, the job's
 * `progress` (the task reports it), the `error` that ended the task (cleared at the next). */
export function useTask(): {
  busy: Ref<boolean>
  progress: Ref<JobProgress | null>
  error: Ref<unknown>
  track: (task: (report: (p: JobProgress | null) => void) => Promise<void>) => Promise<void>
} {
  const busy = ref(false)
  const progress = ref<JobProgress | null>(null)
  const error = ref<unknown>(null)
  const report = (p: JobProgress | null): void => {
    progress.value = p
  }
  async function track(
    task: (report: (p: JobProgress | null) => void) => Promise<void>,
  ): Promise<void> {
    busy.value = true
    error.value = null
    try {
      await task(report)
    } catch (err) {
      error.value = err
    } finally {
      busy.value = false
      progress.value = null
    }
  }
  return { busy, progress, error, track }
}
