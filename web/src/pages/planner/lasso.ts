/** The lasso's geometry: which points lie inside a closed polygon (ray casting), with the
 * polygon's bounding box as a cheap first test. */

export type Point = [number, number]

/** Whether (x, y) lies inside `polygon` (closed implicitly; even–odd rule). */
export function inside(x: number, y: number, polygon: readonly Point[]): boolean {
  let hit = false
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]
    const [xj, yj] = polygon[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit
  }
  return hit
}

/** Indices of the points (`xs[i]`, `ys[i]`) inside `polygon`; none for fewer than 3 corners. */
export function pointsInside(
  xs: readonly number[],
  ys: readonly number[],
  polygon: readonly Point[],
): number[] {
  if (polygon.length < 3) return []
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of polygon) {
    minX = Math.min(minX, x)
    maxX = Math.max(maxX, x)
    minY = Math.min(minY, y)
    maxY = Math.max(maxY, y)
  }
  const out: number[] = []
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]
    const y = ys[i]
    if (x >= minX && x <= maxX && y >= minY && y <= maxY && inside(x, y, polygon)) out.push(i)
  }
  return out
}
