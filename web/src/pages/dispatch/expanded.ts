/** Which rows of a table show their details, by key: `toggle` one, `collapse` them all. */
import { ref, type Ref } from 'vue'

export function useExpanded(): {
  open: Ref<Set<string>>
  toggle: (key: string) => void
  collapse: () => void
} {
  const open = ref(new Set<string>())
  function toggle(key: string): void {
    const next = new Set(open.value)
    if (!next.delete(key)) next.add(key)
    open.value = next
  }
  function collapse(): void {
    open.value = new Set()
  }
  return { open, toggle, collapse }
}
