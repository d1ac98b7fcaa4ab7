/** Route ids drawn in the browser (see client-routes.js). */
export declare const clientRoutes: string[];
