import type { BuildOptions } from 'esbuild';

export declare const WEB_TARGET: string[];
export declare function webBuildOptions(outdir: string, version: string): BuildOptions[];
export declare function buildWeb(outdir: string, version: string): Promise<void>;
