/** CommonJS module text standing for one generated JSON file (`name` is its file name). */
export function bundledJson(name: string, text: string): string;
