/** The area page's first requests, started by the router while the page's code loads: the
 * dates with routes, then the graph of the chosen day, then the figures, shops, routes and
 * the city map. */
import { warm } from '../../api/early'
import type { Principal } from '../../api/types'
import { todayIso } from '../../days'
import { pickDay } from './days'

/** The path of an area's graph. */
export function graphPath(code: string): string {
  return `/areas/${encodeURIComponent(code)}/graph`
}

/** Starts the requests of area `code`'s page: the dates at once, the rest once the principal
 * is known and only if the area is in its scope (else the page refuses it without asking). */
export function warmArea(code: string, user: Promise<Principal | null>): void {
  void Promise.all([warm<string[]>('/routes/dates'), user])
    .then(async ([dates, principal]) => {
      if (!principal || (principal.areas && !principal.areas.includes(code))) return
      const day = pickDay(Array.isArray(dates) ? dates : [], todayIso())
      await warm(graphPath(code), { date: day ?? undefined })
      warm('/areas')
      warm('/map/retailers', { area: code })
      if (day) warm('/routes', { date: day, area: code })
      warm('/map/boundaries')
    })
    .catch(() => undefined)
}
