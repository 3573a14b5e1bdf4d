/** A board table's data, fetched again whenever what it depends on changes. */
import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'

/** Fetches with `fetch` now and whenever `key` changes; `loaded` runs after each success.
 * `data` is null until loaded and after a failure, whose error `error` holds. */
export function useFetched<T>(
  key: () => unknown,
  fetch: () => Promise<T>,
  loaded: () => void,
): { data: ShallowRef<T | null>; loading: Ref<boolean>; error: Ref<unknown> } {
  const data = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      data.value = await fetch()
      loaded()
    } catch (err) {
      error.value = err
      data.value = null
    } finally {
      loading.value = false
    }
  }
  watch(key, load, { immediate: true })
  return { data, loading, error }
}
