/** Types for scripts/gateway-bundle-freshness.mjs (a plain ESM script). */
export declare function gatewayBundleIsFresh(root?: string): boolean;
export declare function markGatewayBundleBuilt(startedAt: number, root?: string): void;
