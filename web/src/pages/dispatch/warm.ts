/** The dispatch board's first requests, started by the router while the page's code loads:
 * the dates with routes, then the routes of the date the board opens on, and the map. */
import { warm } from '../../api/early'
import { todayIso } from '../../days'
import { defaultDate } from './routeData'

export function warmDispatch(): void {
  const opening = (dates: string[]): void => {
    warm('/routes', { date: defaultDate(Array.isArray(dates) ? dates : [], todayIso()) })
  }
  void warm<string[]>('/routes/dates').then(opening, () => opening([]))
  warm('/map/boundaries')
}
