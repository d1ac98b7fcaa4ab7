// Town pages, like village pages, are drawn in the browser from the fallback page build/200.html
// (see reports/village/[code]/+page.js and svelte.config.js): a province has about 1,900 towns, and
// at 2.4 s a page their prerendering alone would take over an hour. The county pages share the
// same template (partials/area-page.md) and stay prerendered and printable.
export const ssr = false;
export const prerender = false;
