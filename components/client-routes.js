// Routes drawn in the browser rather than prerendered (their +page.js says ssr = false,
// prerender = false). One list, read by Evidence's layout (patches/@evidence-dev+evidence+40.1.8.patch:
// such a page has no prerendered query results, so the layout must not ask for them, which would
// log a 404 in the console) and by scripts/serve-site.ts (which answers their paths with 200.html).
export const clientRoutes = ['/village/[code]', '/town/[code]'];
