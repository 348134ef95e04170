/** Types for scripts/build-main.mjs (a plain ESM build script). */
export declare function buildMain(options?: { outDir?: string }): Promise<string>;
