/** Answers asked for ahead of a page: while the page's code still loads, the router starts
 * the page's first requests (`warm`), and the page takes them (`take`) instead of asking
 * again. Each navigation drops what the previous one warmed and nobody took. */

import { apiGet } from './client'

type Query = Record<string, string | number | boolean | undefined>

const kept = new Map<string, Promise<unknown>>()

function keyOf(path: string, query?: Query): string {
  const pairs = Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== '')
  return `${path}?${new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString()}`
}

/** Starts GET `path` now (once) so that a later `take` of it gets the same answer. */
export function warm<T>(path: string, query?: Query): Promise<T> {
  const key = keyOf(path, query)
  let found = kept.get(key) as Promise<T> | undefined
  if (!found) {
    found = apiGet<T>(path, query)
    found.catch(() => undefined) // a failure is the taker's to report
    kept.set(key, found)
  }
  return found
}

/** The answer `warm` started for GET `path`, else a new request. */
export function take<T>(path: string, query?: Query): Promise<T> {
  const key = keyOf(path, query)
  const found = kept.get(key) as Promise<T> | undefined
  kept.delete(key)
  return found ?? apiGet<T>(path, query)
}

/** Drops the answers nobody took (at the start of a navigation). */
export function forgetWarmed(): void {
  kept.clear()
}
