/** A rebalance move's reason (English from the server) in the page's language. */

import type { Composer } from 'vue-i18n'

const CUT_OFF = /^(\S+): cut off from the rest of the area by the openings and closures$/
const BREACHED = /^(\S+): (.+)$/
const MISS = /^(customers|workload|volume) (over|under) by ([\d.]+%)$/

export function reasonText(reason: string, t: Composer['t']): string {
  if (reason === 'passes load on between areas') return t('planner.reason.chain')
  const cut = CUT_OFF.exec(reason)
  if (cut) return t('planner.reason.cutOff', { area: cut[1] })
  const breached = BREACHED.exec(reason)
  if (!breached) return reason
  const misses = breached[2].split(', ').map((part) => {
    const miss = MISS.exec(part)
    if (!miss) return part
    return t(`planner.reason.${miss[2]}`, {
      measure: t(`planner.measure.${miss[1]}`),
      by: miss[3],
    })
  })
  return `${breached[1]}: ${misses.join(t('planner.reason.comma'))}`
}
