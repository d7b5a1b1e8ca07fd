/**
 * The one host facility the shared core uses that is neither in the DOM nor Node alone: a timer
 * (both have it). Declared here so core/ type-checks with neither; under the renderer's and the
 * data host's configs it merges with their own declarations.
 */
declare function setTimeout(handler: () => void, ms: number): unknown;
