import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { DataMap } from "../map/data-map-schema.js";

/**
 * JSON with object keys sorted (by UTF-16 code unit) at every depth and no whitespace; `undefined` members are
 * left out as `JSON.stringify` does. Two maps with the same content give the same string.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }); // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined && typeof obj[k] !== "function")
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/**
 * The version of the notice a map renders to: `sha256:` and the first 12 hex digits of the SHA-256 of the
 * map's canonical JSON, with `notice.last_updated` left out, so that it changes exactly when the content does.
 * Consent receipts and request records cite it.
 *
 * @example
 * const r = parseDataMap("organization:\n  name: Example Jewelers\n");
 * if (r.ok) noticeVersion(r.value.map); // "sha256:" + 12 hex digits
 */
export function noticeVersion(map: DataMap): string {
  const { last_updated: _ignored, ...notice } = map.notice;
  const hex = bytesToHex(sha256(utf8ToBytes(canonicalJson({ ...map, notice }))));
  return `sha256:${hex.slice(0, 12)}`;
}
