/** The page's one confirmation dialog, handed to the panels that apply changes. */

import type { InjectionKey } from 'vue'

/** Asks `title` with the lines `text`; true when confirmed with the button `action`. */
export type Ask = (title: string, text: string[], action: string) => Promise<boolean>

export const CONFIRM: InjectionKey<Ask> = Symbol('planner-confirm')
