export type { Io } from "./io.js";
export { type MainOptions, main, VERSION } from "./main.js";
