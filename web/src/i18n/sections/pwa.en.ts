import type pwa from './pwa.it';

const en: typeof pwa = {
  title: 'My account',
  push: {
    title: 'Notifications on the phone',
    label: 'Notifications on the phone',
    hint: 'New requests, cancelled assignments and reminders reach this device even with Ponte closed.',
    on: 'On for this device.',
    off: 'Off for this device.',
    blocked:
      'Blocked by the browser. To get them, allow notifications for Ponte in the browser settings, then come back.',
    unsupported:
      'This browser cannot receive notifications. On a phone, open Ponte in the browser and add it to the home screen.',
    busy: 'One moment…',
    failed: 'The notifications could not be changed. Check the connection and try again.',
    denied: 'The browser gave no permission: notifications stay off.',
  },
  offline: {
    banner: 'You are offline: this list was last updated at {time}.',
    bannerNoCopy: 'You are offline.',
    actionsNeedNetwork: 'Accepting, declining and refreshing need the connection.',
  },
  update: {
    available: 'A new version of Ponte is available.',
    reload: 'Update now',
  },
  account: {
    title: 'My account',
    intro: 'The settings of this device.',
    link: 'Account',
  },
};

export default en;
