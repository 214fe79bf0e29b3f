import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDataMap } from "@loupe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSdk } from "../../../sdk/build/build-sdk.mjs";
import { createConsentContext } from "../consent/consent-context.js";
import { buildConsentModel } from "../consent/consent-model.js";
import type { LedgerWriter } from "../consent/ledger-writer.js";
import type { LoupeDb } from "../store/database.js";
import { AURORA_MAP } from "../testing/test-stores.js";
import { SDK_CACHE_CONTROL, SDK_IMMUTABLE_CACHE_CONTROL, sdkRoutes } from "./sdk-routes.js";

let sdkDir: string;
let built: Awaited<ReturnType<typeof buildSdk>>;
let app: ReturnType<typeof sdkRoutes>;

beforeAll(async () => {
  sdkDir = await mkdtemp(join(tmpdir(), "loupe-sdk-routes-"));
  built = await buildSdk({ outdir: sdkDir });
  const loaded = parseDataMap(readFileSync(AURORA_MAP, "utf8"), AURORA_MAP);
  if (!loaded.ok) throw new Error(loaded.errors.map(String).join("\n"));
  const ctx = createConsentContext({
    // The SDK files and the demo page read neither the store nor the ledger.
    db: undefined as unknown as LoupeDb,
    writer: undefined as unknown as LedgerWriter,
    model: buildConsentModel(loaded.value.map, loaded.value.taxonomy),
    notice: { version: "v1", lastUpdated: "2026-11-01", url: "/privacy" },
    isKnownNoticeVersion: async () => true,
  });
  app = sdkRoutes({ ctx, config: { countryHeaders: ["cf-ipcountry"], clientIpHeader: undefined }, sdkDir });
});

afterAll(async () => {
  if (sdkDir) await rm(sdkDir, { recursive: true, force: true });
});

describe("SDK files", () => {
  it("serves the snippet at its fixed URL for five minutes and the bundles it names for good", async () => {
    const snippet = await app.request("/sdk/snippet.js");
    expect(snippet.status).toBe(200);
    expect(snippet.headers.get("cache-control")).toBe(SDK_CACHE_CONTROL);
    const code = await snippet.text();
    // The snippet loads the bundles of this build by their content-hashed names.
    expect(code).toContain(`.${built.hash}.js`);
    for (const name of [built.files.api, ...Object.values(built.files.ui)]) {
      const res = await app.request(`/sdk/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe(SDK_IMMUTABLE_CACHE_CONTROL);
      expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(Buffer.from(await res.arrayBuffer())).toEqual(await readFile(join(sdkDir, name)));
    }
  });

  it("serves a bundle's name without its hash as the current version, briefly cached", async () => {
    const res = await app.request("/sdk/ui.fr.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe(SDK_CACHE_CONTROL);
    expect(await res.text()).toBe(await readFile(join(sdkDir, built.files.ui.fr ?? ""), "utf8"));
    expect((await app.request("/sdk/api.js")).status).toBe(200);
  });

  it("answers 404 for a hash that is not this build's and for names outside the SDK", async () => {
    const other = built.files.api.replace(built.hash, "0123456789");
    expect((await app.request(`/sdk/${other}`)).status).toBe(404);
    expect((await app.request("/sdk/ui.de.js")).status).toBe(404);
    expect((await app.request("/sdk/..%2Fpackage.json")).status).toBe(404);
  });
});
