/** Who is signed in: the bearer token (kept in sessionStorage) and the `/api/auth/me`
 * principal, as a reactive store; where each role lands after signing in. */

import { reactive } from 'vue'
import { apiGet, errorOf } from './api/client'
import type { BearerToken, Principal } from './api/types'

const TOKEN_KEY = 'crm.token'

interface AuthState {
  token: string | null
  user: Principal | null
}

export const auth = reactive<AuthState>({
  token: sessionStorage.getItem(TOKEN_KEY),
  user: null,
})

let onExpired: () => void = () => undefined

/** What to do when the server says the session is over (the router sends us to `/`). */
export function whenSessionExpires(handler: () => void): void {
  onExpired = handler
}

/** Signs in (OAuth2 password form) and loads the principal; throws ApiError on refusal. */
export async function signIn(username: string, password: string): Promise<Principal> {
  const form = new URLSearchParams({ username, password })
  const res = await fetch('/api/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: form,
  })
  if (!res.ok) throw await errorOf(res)
  const token = (await res.json()) as BearerToken
  auth.token = token.access_token
  sessionStorage.setItem(TOKEN_KEY, token.access_token)
  try {
    auth.user = await apiGet<Principal>('/auth/me')
  } catch (err) {
    signOut()
    throw err
  }
  return auth.user
}

export function signOut(): void {
  auth.token = null
  auth.user = null
  sessionStorage.removeItem(TOKEN_KEY)
}

/** Drops a session the server no longer accepts (a 401) and tells the app. */
export function expireSession(): void {
  signOut()
  onExpired()
}

let restoring: Promise<Principal | null> | null = null

/** The principal of a kept token (after a reload), or null when not signed in. */
export function restoreSession(): Promise<Principal | null> {
  if (auth.user) return Promise.resolve(auth.user)
  if (!auth.token) return Promise.resolve(null)
  restoring ??= apiGet<Principal>('/auth/me')
    .then((user) => (auth.user = user))
    .catch(() => {
      signOut()
      return null
    })
    .finally(() => (restoring = null))
  return restoring
}

/** The first page of a principal: their area, the planner or the dispatch board. */
export function landingPath(principal: Principal): string {
  const areas = [...(principal.areas ?? [])].sort()
  const area = areas.length ? `/area/${encodeURIComponent(areas[0])}` : null
  switch (principal.role) {
    case 'team_lead':
    case 'staff':
      return area ?? '/refused'
    case 'planner':
    case 'admin':
      return '/planner'
    case 'dispatcher':
      return '/dispatch'
    default:
      return area ?? '/planner'
  }
}
