import 'bootstrap-italia/dist/css/bootstrap-italia.min.css';
import '@/styles/fonts.css';
import '@/styles/app.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from '@/App.vue';
import { applyLocale, DEFAULT_LOCALE, i18n, storedLocale } from '@/i18n';
import { registerServiceWorker } from '@/pwa/register';
import { createAppRouter } from '@/router';

async function start() {
  // The device's last choice until the account's language is known (the router restores the session).
  await applyLocale(storedLocale() ?? DEFAULT_LOCALE);
  const app = createApp(App);
  app.use(createPinia());
  app.use(i18n);
  const router = createAppRouter();
  app.use(router);
  await router.isReady();
  app.mount('#app');
  registerServiceWorker();
}

void start();
