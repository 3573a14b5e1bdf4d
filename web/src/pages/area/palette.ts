/** Colours of the area page's graph and map, and the retailers' classes in legend order. */
import type { GraphNode } from '../../api/types'

export type ColourBy = 'tier' | 'value'

export const NODE_COLOURS = {
  thisArea: '#0f2d52',
  neighbour: '#94a3b8',
  lead: '#b45309',
  manager: '#1d4ed8',
  agent: '#0e7490',
  inspector: '#be123c',
  driver: '#7c3aed',
  route: '#6d28d9',
} as Record<string, string>

/** Tier 1 (the most cases) dark to the last tier light: a viridis-like ramp. */
const TIER_RAMP = [
  '#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#d9e021',
]
const VALUE_COLOURS: Record<string, string> = {
  value: '#15803d',
  secondary: '#2563eb',
  potential: '#d97706',
  low: '#6b7280',
  problem: '#dc2626',
  '': '#a1a1aa',
}
const VALUE_ORDER = ['value', 'secondary', 'potential', 'low', 'problem']

/** Distinct class keys in legend order: tiers ascending, value segments best first. */
export function sortClasses(keys: Iterable<string>, by: ColourBy): string[] {
  const rank = (k: string): number =>
    by === 'tier' ? (k === '' ? 1e9 : Number(k)) : VALUE_ORDER.indexOf(k) >>> 0
  return [...new Set(keys)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/** The classes present among `retailers`, in legend order. */
export function retailerClasses(retailers: GraphNode[], by: ColourBy): string[] {
  return sortClasses(
    retailers.map((n) => (by === 'tier' ? String(n.tier ?? '') : (n.value_segment ?? ''))),
    by,
  )
}

/** The colour of each class of `classes` (as `retailerClasses` gives them). */
export function classColours(classes: string[], by: ColourBy): string[] {
  if (by === 'value') return classes.map((k) => VALUE_COLOURS[k] ?? '#a1a1aa')
  const n = classes.length
  const step = n <= 1 ? 0 : (TIER_RAMP.length - 1) / (n - 1)
  return classes.map((_, i) => TIER_RAMP[Math.round(i * step)])
}

/** One colour per vehicle on the map. */
export const VEHICLE_COLOURS = [
  '#e11d48', '#2563eb', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d',
  '#9333ea', '#ea580c', '#0d9488', '#4f46e5',
]
