import { expect, it } from 'vitest';
import { redactSecrets } from '../../src/app.js';

it('keeps tokens in query strings out of the logs', () => {
  expect(redactSecrets('/api/events?access_token=eyJabc.def&lastEventId=4')).toBe(
    '/api/events?access_token=[redacted]&lastEventId=4',
  );
  expect(redactSecrets('/api/mediators/1/calendar.ics?token=s3cr3t')).toBe(
    '/api/mediators/1/calendar.ics?token=[redacted]',
  );
  expect(redactSecrets('/api/requests?status=searching')).toBe('/api/requests?status=searching');
});
