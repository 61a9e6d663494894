// The Wasm package's JavaScript API (src/web.rs), which wasm-bindgen writes at build time
// (`--no-typescript`, so none comes with it). Mirrors the `#[wasm_bindgen]` items reader.js and
// collect.js use; tsconfig's `rootDirs` makes `./unspool.js` in extension/ resolve here.

/** The collector's answer after each snapshot (`x::collect::Progress`, camelCase). */
export interface Progress {
  next: "scrollUp" | "scrollDown" | "wait" | "done";
  reason: string | null;
  posts: number;
  numberedTotal: number | null;
  rows: number;
  click: number[];
  gap: boolean;
}

/** A thread kept in Wasm memory; `free()` releases it. */
export class Unrolled {
  free(): void;
  render(format: string, options: object): string;
  articleHtml(options: object): string;
  articleStartHtml(count: number, options: object): string;
  postsHtml(start: number, end: number, options: object): string;
  thread(): unknown;
  fileStem(): string;
  readonly postCount: number;
  /** The thread's site ("X", "Bluesky"). */
  readonly siteName: string;
  /** How many posts the author numbered, when the chain ends before the last of them. */
  readonly numberedBeyondEnd: number | undefined;
}

export class ThreadCollector {
  constructor(pageUrl: string, options: object);
  free(): void;
  add(markup: string, viewport: object): Progress;
  addPiece(markup: string, viewport: object): void;
  finish(cancelled: boolean): Unrolled;
}

/** Loads and instantiates `unspool_bg.wasm`; resolves with the module's exports. */
export default function init(): Promise<{ memory: WebAssembly.Memory }>;
