import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const apiOrigin = process.env.PONTE_API_ORIGIN ?? 'http://127.0.0.1:3000';
const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Same-origin in development too, so the SameSite=Strict refresh cookie on /api/auth just works. */
const proxyToApi = {
  target: apiOrigin,
  // Live events (/api/events) are Server-Sent Events: a long-lived streamed response, so no timeouts;
  // `ws` keeps the door open for a WebSocket upgrade should the API add one.
  ws: true,
  timeout: 0,
  proxyTimeout: 0,
};

export default defineConfig({
  plugins: [
    vue({ features: { optionsAPI: false } }),
    // The installable app: the manifest and a Workbox service worker of our own (src/pwa/sw.ts), for
    // the offline shell and the push notifications. It precaches the build; the app prompts to reload
    // when a new one is waiting (src/pwa/register.ts).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,woff2}'] },
      devOptions: { enabled: false },
      manifest: {
        id: '/',
        name: 'Ponte · mediazione linguistico-culturale',
        short_name: 'Ponte',
        description: 'Richieste di mediazione linguistico-culturale per scuole e servizi sociali in Lombardia.',
        lang: 'it',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0066cc',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/ponte-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/ponte-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/ponte-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  resolve: {
    alias: [
      // The shared zod contract is compiled from source: no build of ../shared is needed.
      { find: /^@ponte\/shared$/, replacement: fromHere('../shared/src/index.ts') },
      { find: /^@\//, replacement: fromHere('./src/') },
    ],
  },
  define: {
    // vue-i18n: Composition API only, no devtools hooks in production (smaller bundle).
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': proxyToApi, '/docs': proxyToApi },
  },
  preview: { host: '127.0.0.1', port: 4173, proxy: { '/api': proxyToApi, '/docs': proxyToApi } },
  build: {
    target: 'es2022',
    reportCompressedSize: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks shared by every route; each view stays its own small lazy chunk,
        // so the sign-in page loads the framework, the schemas and one small view.
        codeSplitting: {
          groups: [
            {
              name: 'vue',
              test: /[\\/]node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/,
              priority: 20,
            },
            {
              name: 'schemas',
              test: /[\\/]node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?zod[\\/]|[\\/]shared[\\/]src[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
});
