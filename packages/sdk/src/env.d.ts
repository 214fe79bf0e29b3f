/** Compile-time flags, replaced by the build (see `build/build-sdk.mjs`). */
declare const __DEBUG__: boolean;
/** The SDK version. */
declare const __VERSION__: string;
/** Languages other than English that have their own UI bundle, e.g. `["es", "fr"]` (snippet only). */
declare const __LANGS__: string[];
/** The content hash in the names of this build's bundles, e.g. `"3fa8c21b0d"` (snippet only). */
declare const __BUNDLE_HASH__: string;
/** The language of a UI bundle, e.g. `"fr"` (UI only). */
declare const __LANG__: string;
/** The active language's texts (UI only). */
declare const __STRINGS__: import("./i18n/strings.js").Strings;
/** The minified style sheet of the banner and dialog (UI only). */
declare const __CSS__: string;

interface Navigator {
  /** Global Privacy Control (W3C GPC). */
  readonly globalPrivacyControl?: boolean;
}
