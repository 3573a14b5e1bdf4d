/** Builds web/ into api/static (served by FastAPI); `npm run dev` proxies /api to a local
 * server (CRM_API, default http://127.0.0.1:8011). */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const root = fileURLToPath(new URL('.', import.meta.url))


export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('../api/static', import.meta.url)),
    emptyOutDir: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Rolldown's form of manualChunks: Vue's code in one shared chunk; ECharts' split by
        // page (each page registers the charts it draws), its common part shared.
        codeSplitting: {
          groups: [
            {
              name: 'vendor-echarts',
              test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/,
              minShareCount: 2,
            },
            {
              name: 'vendor-vue',
              test: /node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': process.env.CRM_API ?? 'http://127.0.0.1:8011',
    },
  },
})
