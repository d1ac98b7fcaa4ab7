// Merged by Evidence into its own SvelteKit config (.evidence/template/svelte.config.js,
// loadUserConfiguration): only the adapter changes. Routes that are not prerendered (the village
// pages, see reports/village/[code]/+page.js) are served by one fallback page, build/200.html,
// which boots the app and draws the page in the browser. scripts/serve-site.ts serves it for
// /village/<code>/ paths; any other static server needs the same rule (nginx: try_files).
import adapter from '@sveltejs/adapter-static';

export default {
  kit: {
    adapter: adapter({
      pages: process.env.EVIDENCE_BUILD_DIR ?? './build',
      fallback: '200.html',
      strict: false,
    }),
  },
};
