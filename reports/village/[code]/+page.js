// Village pages are drawn in the browser, not prerendered: the build writes no file per village,
// so its time does not grow with the number of villages (2.4 s per page on 2 cores before).
// `prerender = false` leaves the route to the single fallback page build/200.html (see
// svelte.config.js); scripts/serve-site.ts answers /village/<code>/ with it. `ssr = false` because
// nothing is rendered on a server: the page queries mart_village_page with DuckDB-WASM by code.
// Evidence copies pages/ into SvelteKit's routes, so this file sits beside the page's +page.md there.
export const ssr = false;
export const prerender = false;
