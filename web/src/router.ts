/** The pages: sign-in at `/`, a team's area, the planner, the dispatch board and the
 * refusal page; each page is its own chunk. Signed-out visitors go to `/`. */

import {
  createRouter,
  createWebHistory,
  type RouteComponent,
  type RouteLocationNormalized,
} from 'vue-router'
import { forgetWarmed } from './api/early'
import type { Principal } from './api/types'
import { auth, landingPath, restoreSession, whenSessionExpires } from './auth'
import { warmArea } from './pages/area/warm'
import { warmDispatch } from './pages/dispatch/warm'
import { warmPlanner } from './pages/planner/warm'

type Lazy = () => Promise<RouteComponent>
/** Starts a page's first requests while its code loads (see `api/early`), given the
 * principal to come (null: not signed in). */
type Warm = (to: RouteLocationNormalized, user: Promise<Principal | null>) => void

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    warm?: Warm
  }
}

const pages = import.meta.glob<RouteComponent>('./pages/*/*Page.vue', { import: 'default' })

/** The lazy page `pages/<folder>/<Folder>Page.vue`, else the folder's one `*Page.vue`. */
function page(folder: string): Lazy {
  const name = `./pages/${folder}/${folder[0].toUpperCase()}${folder.slice(1)}Page.vue`
  const other = Object.keys(pages).find((path) => path.startsWith(`./pages/${folder}/`))
  const found = pages[name] ?? (other ? pages[other] : undefined)
  return (found ?? pages['./pages/refused/RefusedPage.vue']) as Lazy
}

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    {
      path: '/',
      name: 'login',
      component: page('login'),
      meta: { public: true },
    },
    {
      path: '/area/:code',
      name: 'area',
      component: page('area'),
      props: true,
      meta: { warm: (to, user) => warmArea(String(to.params.code), user) },
    },
    { path: '/planner', name: 'planner', component: page('planner'), meta: { warm: warmPlanner } },
    {
      path: '/dispatch',
      name: 'dispatch',
      component: page('dispatch'),
      meta: { warm: warmDispatch },
    },
    { path: '/refused', name: 'refused', component: page('refused') },
    {
      path: '/:rest(.*)*',
      name: 'elsewhere',
      redirect: () => (auth.user ? landingPath(auth.user) : '/'),
    },
  ],
})

/** Starts loading the code of `to`'s page (the router would only after the guards). */
function preload(to: RouteLocationNormalized): void {
  for (const record of to.matched) {
    const component = record.components?.default
    if (typeof component === 'function') void (component as Lazy)().catch(() => undefined)
  }
}

router.beforeEach(async (to) => {
  forgetWarmed()
  const principal = restoreSession()
  if (to.name !== 'login' && auth.token) {
    to.meta.warm?.(to, principal)
    preload(to)
  }
  const user = await principal
  if (to.name === 'login') return user ? landingPath(user) : true
  if (!user && !to.meta.public) return '/'
  return true
})

whenSessionExpires(() => {
  void router.replace({ path: '/' })
})
