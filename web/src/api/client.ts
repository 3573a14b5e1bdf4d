/** The API client: JSON in and out under `/api`, the bearer token from `auth`, errors as
 * `ApiError` (the API's `{error, message, details}`), and jobs followed to their result. */

import { auth, expireSession } from '../auth'
import type { ErrorBody, JobProgress, JobView } from './types'

const BASE = '/api'
const POLL_MS = 400

/** An error answer (or a failure to reach the server: status 0, kind `network`). */
export class ApiError extends Error {
  status: number
  kind: string
  details: unknown

  constructor(status: number, kind: string, message: string, details: unknown = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.kind = kind
    this.details = details
  }

  /** Seconds to wait before trying again (a 429's Retry-After), when the server said. */
  get retryAfter(): number | null {
    const d = this.details as { retry_after_s?: unknown } | null
    return d && typeof d.retry_after_s === 'number' ? d.retry_after_s : null
  }
}

type Query = Record<string, string | number | boolean | undefined>

function url(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.append(key, String(value))
  }
  const qs = params.toString()
  return `${BASE}${path}${qs ? `?${qs}` : ''}`
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', ...extra }
  if (auth.token) h.Authorization = `Bearer ${auth.token}`
  return h
}

/** Turns a non-OK answer into an ApiError (and a 401 into signing out). */
export async function errorOf(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> = {}
  try {
    body = (await res.json()) as Partial<ErrorBody>
  } catch {
    body = {}
  }
  const retry = res.headers.get('Retry-After')
  let details = body.details ?? null
  if (retry && (details === null || typeof details !== 'object')) {
    details = { retry_after_s: Number(retry) }
  }
  return new ApiError(
    res.status,
    body.error ?? `http_${res.status}`,
    body.message ?? res.statusText ?? `HTTP ${res.status}`,
    details,
  )
}

async function request(input: string, init: RequestInit): Promise<Response> {
  let res: Response
  try {
    res = await fetch(input, init)
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network', 'the server could not be reached', String(err))
  }
  if (res.ok) return res
  const error = await errorOf(res)
  if (res.status === 401 && auth.token) expireSession()
  throw error
}

async function json<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** GET `path` (without `/api`) with an optional query; undefined values are left out. */
export async function apiGet<T>(path: string, query?: Query): Promise<T> {
  return json<T>(await request(url(path, query), { headers: headers() }))
}

/** POST, PATCH or DELETE `path` with an optional JSON body. */
export async function apiSend<T>(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const init: RequestInit = { method, headers: headers() }
  if (body !== undefined) {
    init.headers = headers({ 'Content-Type': 'application/json' })
    init.body = JSON.stringify(body)
  }
  return json<T>(await request(url(path), init))
}

/** Fetches `path` with the token and saves it as `filename` (through a blob URL). */
export async function apiDownload(path: string, filename: string): Promise<void> {
  const res = await request(url(path), { headers: headers({ Accept: '*/*' }) })
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = filename
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(href), 1000)
}

function progressOf(job: JobView): JobProgress {
  return { id: job.id, kind: job.kind, state: job.state, stage: job.stage, percent: job.percent }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** POSTs `body` to `path` (answered 202 with a job), polls the job every 400 ms reporting its
 * progress, and resolves with its result; rejects with an ApiError when it failed, was
 * cancelled or interrupted. Aborting `signal` cancels the job on the server and rejects
 * (kind `cancelled`). */
export async function runJob<T>(
  path: string,
  body: unknown,
  onProgress: (p: JobProgress) => void,
  signal?: AbortSignal,
): Promise<T> {
  let job = await apiSend<JobView>('POST', path, body)
  for (;;) {
    onProgress(progressOf(job))
    if (job.state === 'done') return job.result as T
    if (job.state === 'failed' || job.state === 'cancelled' || job.state === 'interrupted') {
      const err = job.error
      throw new ApiError(
        job.state === 'failed' ? 422 : 409,
        err?.error ?? job.state,
        err?.message ?? `the job was ${job.state}`,
        err?.details ?? null,
      )
    }
    if (signal?.aborted) {
      await apiSend<JobView>('DELETE', `/jobs/${encodeURIComponent(job.id)}`).catch(() => null)
      throw new ApiError(409, 'cancelled', 'the job was cancelled')
    }
    await sleep(POLL_MS, signal)
    if (signal?.aborted) continue
    job = await apiGet<JobView>(`/jobs/${encodeURIComponent(job.id)}`)
  }
}
