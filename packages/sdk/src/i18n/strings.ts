import type en from "./en.json";

/** The texts of the banner and dialog; every language file has exactly these keys. */
export type Strings = typeof en;
