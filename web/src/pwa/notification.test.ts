import { describe, expect, it } from 'vitest';
import { notificationFor, targetUrl } from './notification';

const offerId = '0b1f6a2e-8a4c-4f0e-9a6b-2f3c4d5e6f70';
const requestId = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

describe('notificationFor', () => {
  it('an offer: its page, a tag shared with its withdrawal, one "Vedi" action and no accept', () => {
    const shown = notificationFor(
      JSON.stringify({
        type: 'offer',
        title: 'Nuova richiesta',
        body: 'Arabo',
        url: `/offers/${offerId}`,
        offerId,
        requestId,
      }),
    );
    expect(shown?.title).toBe('Nuova richiesta');
    expect(shown?.options).toMatchObject({
      body: 'Arabo',
      tag: `offer-${offerId}`,
      data: { url: `/offers/${offerId}` },
    });
    expect(shown?.options.actions).toEqual([{ action: 'view', title: 'Vedi' }]);
    const withdrawn = notificationFor(
      JSON.stringify({
        type: 'offer_withdrawn',
        title: 'Non più disponibile',
        body: 'Arabo',
        url: `/offers/${offerId}`,
        offerId,
      }),
    );
    expect(withdrawn?.options.tag).toBe(shown?.options.tag);
    expect(withdrawn?.options.actions).toBeUndefined();
  });

  it('a reminder opens the assignment', () => {
    const shown = notificationFor(
      JSON.stringify({ type: 'reminder', title: 'Promemoria', body: '…', url: `/assignments/${requestId}`, requestId }),
    );
    expect(shown?.options.data).toEqual({ url: `/assignments/${requestId}` });
  });

  it.each(['not json', '{}', JSON.stringify({ type: 'offer', title: 'x', body: 'y', url: 'https://evil.example/' })])(
    'ignores what is not a Ponte push: %s',
    (text) => {
      expect(notificationFor(text)).toBeNull();
    },
  );
});

describe('targetUrl', () => {
  it.each([
    [{ url: `/offers/${offerId}` }, `/offers/${offerId}`],
    [{ url: '//evil.example/x' }, '/'],
    [{ url: 'https://evil.example/' }, '/'],
    [undefined, '/'],
  ])('%j → %s', (data, expected) => {
    expect(targetUrl(data as { url: string } | undefined)).toBe(expected);
  });
});
