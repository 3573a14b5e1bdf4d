/** The planner's first requests, started by the router while the page's code loads. */
import { warm } from '../../api/early'

export function warmPlanner(): void {
  warm('/map/retailers')
  warm('/map/boundaries')
  warm('/areas')
}
