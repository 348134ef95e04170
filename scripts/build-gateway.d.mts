/** Types for scripts/build-gateway.mjs (a plain ESM build script). */
export declare const gatewayNodeArgs: string[];
export declare function gatewayEnvironment(environment?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function buildGateway(): Promise<string>;
export declare function copyGatewayDataFiles(outDir: string): void;
export declare function putFile(target: string, contents: Uint8Array): void;
