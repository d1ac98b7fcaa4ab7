/** See suppression.js. */
export declare function isCountColumn(column: unknown): boolean;
export declare function suppressedText(value: unknown, column: unknown, threshold: number | null | undefined): string | null;
