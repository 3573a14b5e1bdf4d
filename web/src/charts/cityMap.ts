/** Hefei's district and county boundaries (WGS-84 GeoJSON from `/api/map/boundaries`),
 * registered once as the ECharts map `hefei`. */

import { take } from '../api/early'
import { echarts } from './echarts'

export const CITY_MAP = 'hefei'

export interface BoundaryProperties {
  adcode: string
  name: string
  name_en: string
}

export interface Boundaries {
  type: 'FeatureCollection'
  features: { type: 'Feature'; properties: BoundaryProperties; geometry: unknown }[]
}

let loading: Promise<void> | null = null
let boundaries: Boundaries | null = null

/** Fetches the boundaries (once per page load) and registers the map `hefei`. */
export async function ensureCityMap(): Promise<void> {
  loading ??= take<Boundaries>('/map/boundaries')
    .then((geo) => {
      boundaries = geo
      echarts.registerMap(CITY_MAP, geo as unknown as Parameters<typeof echarts.registerMap>[1])
    })
    .catch((err: unknown) => {
      loading = null
      throw err
    })
  return loading
}

/** The district/county names for the `nameMap` of a geo component in `locale`. */
export function districtNames(locale: string): Record<string, string> {
  const names: Record<string, string> = {}
  for (const f of boundaries?.features ?? []) {
    names[f.properties.name] = locale === 'en' ? f.properties.name_en : f.properties.name
  }
  return names
}
