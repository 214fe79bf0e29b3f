import { readFile } from "node:fs/promises";
import { type LoadedMap, LoupeError, parseDataMap, type RenderedNotice, renderNotice } from "@loupe/core";

/**
 * Reads the data map, validates it and renders its privacy notice as HTML. Throws the first `LoupeError`
 * of an unreadable or invalid map (with its file:line:col).
 *
 * @example
 * const { loaded, notice } = await loadNotice("examples/aurora/loupe.yaml", "2026-11-01");
 * notice.version; // "sha256:…"
 */
export async function loadNotice(
  mapPath: string,
  today: string,
): Promise<{ loaded: LoadedMap; notice: RenderedNotice }> {
  let text: string;
  try {
    text = await readFile(mapPath, "utf8");
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
    throw new LoupeError(
      missing ? "FILE_NOT_FOUND" : "FILE_UNREADABLE",
      missing ? "the data map does not exist (set LOUPE_MAP)" : "the data map cannot be read",
      { file: mapPath },
    );
  }
  const parsed = parseDataMap(text, mapPath);
  if (!parsed.ok)
    throw parsed.errors[0] ?? new LoupeError("MAP_INVALID", "the data map is invalid", { file: mapPath });
  const notice = renderNotice(
    { map: parsed.value.map, taxonomy: parsed.value.taxonomy },
    { format: "html", date: today },
  );
  return { loaded: parsed.value, notice };
}
