/** ECharts, tree-shaken: the charts and components every chart page uses, canvas rendering;
 * `useChart` ties a chart's life to a component's element; what the pages' options share. */

import { onBeforeUnmount, onMounted, shallowRef, type Ref, type ShallowRef } from 'vue'
import * as echarts from 'echarts/core'
import { LinesChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// What every chart page draws: points and lines on a map (a `geo` component). A chart that
// needs more registers it itself (`echarts.use`), so that each page downloads, compiles and
// runs only the code of its own charts.
echarts.use([ScatterChart, LinesChart, TooltipComponent, GeoComponent, CanvasRenderer])

export { echarts }
export type ECharts = echarts.ECharts
/** The option object `setOption` takes (the charts' own option types are not composed). */
export type ChartOption = echarts.EChartsCoreOption

/** Inits a chart on `el` when mounted (canvas), resizes it with the element, disposes it
 * when unmounted; the returned ref holds the instance (null until mounted). */
export function useChart(el: Ref<HTMLElement | null>): ShallowRef<ECharts | null> {
  const chart = shallowRef<ECharts | null>(null)
  let observer: ResizeObserver | null = null
  onMounted(() => {
    if (!el.value) return
    chart.value = echarts.init(el.value, undefined, { renderer: 'canvas' })
    // Resizing redraws the whole chart: only when the size did change (the observer also
    // reports the first size), never to zero (hidden, or mid-layout: ECharts would throw).
    observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect
      const c = chart.value
      if (!c || width <= 0 || height <= 0) return
      if (Math.round(width) !== c.getWidth() || Math.round(height) !== c.getHeight()) c.resize()
    })
    observer.observe(el.value)
  })
  onBeforeUnmount(() => {
    observer?.disconnect()
    chart.value?.dispose()
    chart.value = null
  })
  return chart
}

/** `text` safe inside a tooltip's HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** How the area page's charts begin their options: no generated description (the page
 * describes them), no animation, item tooltips written by `formatter` and kept inside the
 * chart, a scrolling legend along the top (of `legend` when given, else of every series). */
export function areaChartBase<P>(formatter: (p: P) => string, legend?: string[]): ChartOption {
  return {
    aria: { enabled: false },
    animation: false,
    tooltip: { trigger: 'item', confine: true, formatter },
    legend: {
      type: 'scroll',
      top: 0,
      left: 0,
      right: 0,
      textStyle: { color: '#1f2937' },
      ...(legend ? { data: legend } : {}),
    },
  }
}

/** Runs `task` once the next frame has been painted (for what may wait behind the page's
 * main content). */
export function afterPaint(task: () => void): void {
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(task)))
}
