// Globals the extension sets or reads that the DOM and chrome typings do not know.

interface Window {
  /** reader.js: how the reader opened, for the tests and benchmarks. */
  __unspoolTimings?: Record<string, number | string>;
  /** reader.js: how collection went, for the tests and benchmarks. */
  __unspoolCollection?: { reason: string; steps: number; ms: number; stats: object; trace: object[]; posts: number };
  /** reader.js: long tasks and heap sizes, for the tests and benchmarks. */
  readonly __unspoolHealth?: { longTasks: number[]; wasmBytes: number | null; jsHeapBytes: number | null };
}

interface Performance {
  /** Chromium only (non-standard): the JS heap. */
  readonly memory?: { usedJSHeapSize: number };
}

/** content.js: the copy injected first, which later injections toggle (content-script world). */
// eslint-disable-next-line no-var
declare var unspool: { toggle(): void; snapshot(): Promise<string> } | undefined;

/** content.js: the lists it shares with the Rust core, injected by tools/build.mjs (esbuild `define`). */
declare const UNSPOOL_SPEC: {
  keptAttributes: string[];
  /** Class tokens a site reads: of a `class`, only these are kept. */
  keptClasses: string[];
  /** Pages whose extractor reads class tokens; elsewhere the snapshot skips classes unread. */
  classPageSelector: string;
  /** Class token prefixes a site reads (an X Article's block kinds, depth and direction): kept too. */
  keptClassPrefixes: string[];
  /** `style` properties kept besides `transform`: an X Article's bold, italic, struck text. */
  keptStyleProperties: string[];
  skippedElements: string[];
  skippedRoles: string[];
  voidElements: string[];
  /** Head elements sent with every snapshot (the page's own URLs, sites' head facts). */
  headSelectors: string[];
  /** Matches a post of any site. */
  postSelector: string;
  /** Matches a post of a site whose snapshots the collector merges (pieces split between them). */
  collectedPostSelector: string;
  /** Origins whose pages may frame reader.html (the manifest's web_accessible_resources). */
  readerOrigins: string[];
};
