import webpush from 'web-push';

/**
 * A fresh VAPID key pair and subject as the environment gives them: Ponte requires them whenever it runs
 * on PostgreSQL (config.ts), so every test, benchmark and end-to-end server started with `DATABASE_URL`
 * passes these.
 */
export function vapidEnvironment() {
  const keys = webpush.generateVAPIDKeys();
  return {
    VAPID_PUBLIC_KEY: keys.publicKey,
    VAPID_PRIVATE_KEY: keys.privateKey,
    VAPID_SUBJECT: 'mailto:ops@ponte.test',
  };
}
