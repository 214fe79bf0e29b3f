/**
 * The API bundle (`api.js`), loaded by the head snippet when the stored choice applies: gated scripts,
 * persistent controls and the rest of `window.loupe` (see {@link startApi}). The UI bundles contain it too.
 */
import { safe } from "../safe.js";
import { startApi } from "./start-api.js";

safe(startApi)();
