/** Types for scripts/build-gateway.mjs (a plain ESM build script). */
export declare const gatewayNodeArgs: string[];
export declare function gatewayEnvironment(environment?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function buildGateway(): Promise<string>;
