// Types of bin/compiled-cli.js (plain JavaScript: it runs before anything is compiled).
export declare const ROOT: string;
export declare function freshBuild(root?: string, opts?: { entryOnly?: boolean }): string | undefined;
export declare function build(root?: string): Promise<string>;
