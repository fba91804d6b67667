import { describe, expect, it } from 'vitest';
import { isAllowedPushEndpoint } from './push-endpoint.js';

const hosts = ['fcm.googleapis.com', '*.notify.windows.com', '127.0.0.1:8443'];

describe('isAllowedPushEndpoint', () => {
  it.each([
    ['https://fcm.googleapis.com/fcm/send/abc', true],
    ['https://fcm.googleapis.com:443/fcm/send/abc', true],
    ['https://FCM.googleapis.com/fcm/send/abc', true],
    ['https://wns2-par02p.notify.windows.com/w/?token=x', true],
    ['https://127.0.0.1:8443/push/1', true],
  ])('allows %s', (endpoint, expected) => {
    expect(isAllowedPushEndpoint(endpoint, hosts)).toBe(expected);
  });

  it.each([
    ['http://fcm.googleapis.com/fcm/send/abc', 'plain http'],
    ['https://fcm.googleapis.com:8080/x', 'another port'],
    ['https://notify.windows.com/x', 'the bare domain of a wildcard'],
    ['https://evilnotify.windows.com.attacker.example/x', 'a look-alike'],
    ['https://fcm.googleapis.com.attacker.example/x', 'a suffix'],
    ['https://127.0.0.1/push/1', 'the allowed host on the default port'],
    ['https://169.254.169.254/latest/meta-data', 'a metadata address'],
    ['https://user:pw@fcm.googleapis.com/x', 'credentials in the URL'],
    ['not a url', 'not a URL'],
  ])('refuses %s (%s)', (endpoint) => {
    expect(isAllowedPushEndpoint(endpoint, hosts)).toBe(false);
  });
});
