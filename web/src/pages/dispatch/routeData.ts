/** Pure helpers of the dispatch board: clocks, dates, vehicles' days and unserved groups. */
import { upcomingDay } from '../../days'
import type { DeliveryRoute, UnservedStop, VehicleDay } from './types'

const PALETTE = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2',
  '#17becf', '#bcbd22', '#ff7f0e', '#393b79', '#637939', '#843c39',
]

/** Minutes after midnight as HH:MM. */
export function clock(minutes: number): string {
  const m = Math.max(0, Math.round(minutes))
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

/** Today when it has routes, else the nearest planned date after it, else today. */
export function defaultDate(planned: readonly string[], today: string): string {
  return upcomingDay(planned, today) ?? today
}

/** The Monday of the ISO week of `day` (YYYY-MM-DD). */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d.toISOString().slice(0, 10)
}

/** A distinct colour per vehicle, by its place among the day's vehicles. */
export function colourOf(index: number): string {
  if (index < PALETTE.length) return PALETTE[index]
  return `hsl(${(index * 47) % 360}, 65%, 38%)`
}

/** The stops of a trip in visiting order. */
export function ordered(route: DeliveryRoute): DeliveryRoute['stops'] {
  return [...route.stops].sort((a, b) => a.seq - b.seq || a.eta_min - b.eta_min)
}

/** Each vehicle's day: its trips, summed load and minutes, capacity and shift. */
export function vehicleDays(routes: readonly DeliveryRoute[]): VehicleDay[] {
  const byVehicle = new Map<string, DeliveryRoute[]>()
  for (const r of routes) {
    const mine = byVehicle.get(r.vehicle)
    if (mine) mine.push(r)
    else byVehicle.set(r.vehicle, [r])
  }
  return [...byVehicle.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([vehicle, trips], i) => {
      const head = trips[0]
      trips.sort((a, b) => a.start_min - b.start_min)
      return {
        vehicle,
        plate: head.plate,
        label: head.plate ? `${vehicle} ${head.plate}` : vehicle,
        colour: colourOf(i),
        routes: trips,
        load: round(trips.reduce((s, r) => s + r.load_cases, 0)),
        capacity: head.capacity_cases ?? null,
        minutes: trips.reduce((s, r) => s + (r.end_min - r.start_min), 0),
        shift: head.shift_min ?? null,
        stops: trips.reduce((s, r) => s + r.stops.length, 0),
      }
    })
}

/** The unserved stops grouped by reason, the largest group first. */
export function unservedGroups(
  unserved: readonly UnservedStop[],
): { reason: string; retailers: string[] }[] {
  const groups = new Map<string, string[]>()
  for (const u of unserved) {
    const mine = groups.get(u.reason)
    if (mine) mine.push(u.retailer)
    else groups.set(u.reason, [u.retailer])
  }
  return [...groups.entries()]
    .map(([reason, retailers]) => ({ reason, retailers }))
    .sort((a, b) => b.retailers.length - a.retailers.length || a.reason.localeCompare(b.reason))
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
