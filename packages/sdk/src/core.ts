/** A queued call of the public API, made before the UI bundle was there. */
export type Op = [op: "open" | "accept" | "withdraw", arg?: unknown];

/**
 * What the head snippet shares with the bundles it loads (names end in `_`: the build mangles them to the
 * same short names in every bundle).
 */
export interface Core {
  /** The snippet's `data-*` attributes: `endpoint`, `hash`, `policy`, `days`, `domain`, `ui`, `lang`. */
  ds_: DOMStringMap;
  /** 0: the stored choice applies; 1: a choice is needed; 2: GPC now overrides stored sale/share grants. */
  need_: number;
  /** Purposes in force. */
  cur_: string[];
  /** API calls waiting for the UI. */
  q_: Op[];
  /** `change` listeners. */
  l_: ((state: LoupeState) => void)[];
  /** The configuration, fetched as soon as the UI is needed. */
  cfg_?: Promise<unknown>;
  /** Loads the UI bundle of the page's language and fetches the configuration (once). */
  ui_(): void;
  /** Set by the first bundle that starts the API (`api.js` or a UI bundle). */
  api_?: number;
  /** Set by the UI bundle: runs an API call. */
  run_?: (op: Op[0], arg?: unknown) => void;
}

/** What `loupe.get()` returns. */
export interface LoupeState {
  /** Purposes granted (required ones included once a choice or the regime's defaults are in force). */
  granted: string[];
  /** Whether the visitor has a choice in force for the current notice. */
  decided: boolean;
  /** Whether the browser sends Global Privacy Control. */
  gpc: boolean;
}

/** The public API, `window.loupe`. */
export interface LoupeApi {
  /** The consent in force. */
  get(): LoupeState;
  /** Calls `fn` after every change of the consent in force. */
  on(event: "change", fn: (state: LoupeState) => void): void;
  /** Opens the preferences dialog. */
  open(): void;
  /** Grants purposes (all of them when `ids` is left out) and records it with source `api`. */
  accept(ids?: string[]): void;
  /** Withdraws every purpose that is not required, in one call. */
  withdraw(): void;
}

/** `window.loupe` as the bundles see it: the public API plus the shared {@link Core}. */
export type LoupeGlobal = LoupeApi & { core_: Core };
