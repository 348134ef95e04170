/** Types for scripts/generate-icons.mjs (a plain ESM script). */
export declare function encodePng(size: number, pixel: (x: number, y: number) => number[]): Buffer;
/** Every icon file, by its path under resources/. */
export declare function icons(): Record<string, Buffer>;
