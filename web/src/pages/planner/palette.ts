/** Colours of the areas on the planner's map: Kelly's 22 colours of maximum contrast without
 * white and black, one per area in code order (more than 20 areas cycle). */

const KELLY = [
  '#F3C300', '#875692', '#F38400', '#A1CAF1', '#BE0032', '#C2B280', '#848482', '#008856',
  '#E68FAC', '#0067A5', '#F99379', '#604E97', '#F6A600', '#B3446C', '#DCD300', '#882D17',
  '#8DB600', '#654522', '#E25822', '#2B3D26',
]

/** Each area code (sorted) with its colour. */
export function areaColours(codes: readonly string[]): Map<string, string> {
  const sorted = [...codes].sort()
  return new Map(sorted.map((code, i) => [code, KELLY[i % KELLY.length]]))
}

/** The colour of shops in no area. */
export const NO_AREA = '#5f6b76'
