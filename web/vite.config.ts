import zlib from 'node:zlib';
import { fileURLToPath, URL } from 'node:url';
import purgeCss from '@fullhuman/postcss-purgecss';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type UserConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

const apiOrigin = process.env.PONTE_API_ORIGIN ?? 'http://127.0.0.1:3000';
const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * bootstrap-italia ships 570 KB of CSS, most of it for components Ponte never shows; it blocks the first
 * paint on a phone. Its rules are kept only when a class they name appears in Ponte's templates or code
 * (Ponte's own styles are never purged). Classes bootstrap-italia or Vue add at run time are kept by name.
 */
type PostcssOptions = Exclude<NonNullable<NonNullable<UserConfig['css']>['postcss']>, string>;
type PostcssPlugin = NonNullable<PostcssOptions['plugins']>[number];
interface OnceExitPlugin {
  postcssPlugin: string;
  OnceExit(root: { source?: { input: { file?: string } } }, helpers: unknown): unknown;
}

const purgeBootstrapItalia = (): PostcssPlugin => {
  const purge = purgeCss({
    content: [fromHere('./index.html'), fromHere('./src/**/*.{vue,ts}')],
    skippedContentGlobs: ['**/*.test.ts'],
    safelist: {
      standard: [/^alert-/, 'show', 'active', 'disabled', 'fade', 'collapse', 'collapsing', 'is-invalid', 'is-valid'],
      greedy: [/^visually-hidden/],
    },
    keyframes: true,
    variables: false,
  }) as unknown as OnceExitPlugin;
  const plugin: OnceExitPlugin = {
    postcssPlugin: 'purge-bootstrap-italia',
    OnceExit(root, helpers) {
      if (root.source?.input.file?.includes('bootstrap-italia')) return purge.OnceExit(root, helpers);
    },
  };
  return plugin as PostcssPlugin;
};

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
    // Brotli and gzip twins of every text asset, made once at build: the API serves them as they are
    // (@fastify/static preCompressed), so a phone downloads a fraction and the server compresses nothing.
    compression({
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
        'gzip',
      ],
      include: /\.(js|css|html|svg|json|webmanifest|txt)$/,
      threshold: 1024,
      logLevel: 'silent',
    }),
  ],
  css: { postcss: { plugins: [purgeBootstrapItalia()] } },
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
