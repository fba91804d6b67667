// jsdom has no layout: the router's scroll restoration has nothing to scroll.
window.scrollTo = () => {};

import { SESSION_HINT_COOKIE } from '@ponte/shared';
import { beforeEach } from 'vitest';

// Each test starts in a browser that signed in before (the hint cookie set at sign-in), so a page load
// tries the silent refresh its fake server answers; tests of a signed-out browser clear it.
beforeEach(() => {
  document.cookie = `${SESSION_HINT_COOKIE}=1; Path=/`;
});
