/** A column of `DataTable.vue`: the row key it shows, its header, whether it is numeric
 * (right-aligned) or sortable (default yes) and how to format its value. */
export interface Column<R = Record<string, unknown>> {
  key: string
  label: string
  numeric?: boolean
  sortable?: boolean
  format?: (value: unknown, row: R) => string
}
