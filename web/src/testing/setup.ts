// jsdom has no layout: the router's scroll restoration has nothing to scroll.
window.scrollTo = () => {};
