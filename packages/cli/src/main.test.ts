import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parseDataMap } from "@loupe/core";
import { afterAll, describe, expect, it } from "vitest";
import type { Io } from "./io.js";
import { main } from "./main.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const EXAMPLE = join(ROOT, "examples/aurora/loupe.yaml");
const OLD_POLICY = join(ROOT, "examples/aurora/old-policy.txt");
const dir = mkdtempSync(join(tmpdir(), "loupe-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const io: Io = {
    cwd: dir,
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  };
  const code = await main(argv, { io, today: () => "2026-11-22" });
  return { code, out, err };
}

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe("loupe", () => {
  it("prints usage and versions", async () => {
    expect((await run()).out).toContain("Usage: loupe <command>");
    expect((await run("help", "lint")).out).toContain("loupe lint <loupe.yaml");
    expect((await run("--version")).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("rejects an unknown command or option in one line with exit code 2", async () => {
    const a = await run("frobnicate");
    expect(a).toMatchObject({
      code: 2,
      err: "loupe: unknown command 'frobnicate'; run 'loupe help' for the list\n",
    });
    const b = await run("lint", EXAMPLE, "--colour");
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/^loupe: loupe lint: Unknown option '--colour'.*\n$/);
    const c = await run("lint", EXAMPLE, "--format", "xml");
    expect(c.err).toBe("loupe: --format must be one of text, json (got 'xml')\n");
  });

  it("lints the example map without errors", async () => {
    const r = await run("lint", EXAMPLE, "--format", "json");
    expect(r.code).toBe(0);
    const { findings } = JSON.parse(r.out) as { findings: { severity: string }[] };
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("names a missing file, broken YAML, an unknown taxonomy key and an unknown rule id", async () => {
    expect(await run("lint", "nope.yaml")).toMatchObject({
      code: 2,
      err: "loupe: nope.yaml: no such file\n",
    });
    const broken = file("broken.yaml", "organization:\n  name: [Aurora\n");
    const b = await run("lint", broken);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/^loupe: broken\.yaml:\d+:\d+: .+\n$/);
    const unknownKey = file(
      "key.yaml",
      "organization: { name: A }\ntouchpoints:\n  - { id: buy, title: Buy, collects: [user.phone] }\n",
    );
    const k = await run("lint", unknownKey);
    expect(k.code).toBe(2);
    expect(k.err).toMatch(
      /^loupe: key\.yaml:3:\d+ \(touchpoints\[0\]\.collects\[0\]\): unknown data category 'user\.phone'/,
    );
    const unknownRule = file(
      "rule.yaml",
      "organization: { name: A }\nlint:\n  rules:\n    no-such-rule: off\n",
    );
    const u = await run("lint", unknownRule);
    expect(u).toMatchObject({
      code: 2,
      err: "loupe: rule.yaml:4:19 (lint.rules.no-such-rule): unknown rule id 'no-such-rule'; run 'loupe rules' to list them\n",
    });
    const scanRule = file(
      "scan-rule.yaml",
      "organization: { name: A }\nlint:\n  rules:\n    cookie-after-reject: warning\n",
    );
    expect((await run("lint", scanRule)).code).toBe(0);
    expect((await run("scan", "http://127.0.0.1:9/", "--pages", "0")).err).toBe(
      "loupe: --pages must be a positive whole number (got '0')\n",
    );
    expect((await run("scan", "http://127.0.0.1:9/", "--country-header", "X: Y")).err).toBe(
      "loupe: --country-header must be a header name (got 'X: Y')\n",
    );
    const unsupported = file("policy.pdf", "%PDF");
    expect((await run("lint", unsupported)).err).toContain("unsupported file type '.pdf'");
  });

  it("imports a policy into a map that loads, and lists what needs review on stderr", async () => {
    const r = await run("import", OLD_POLICY);
    expect(r.code).toBe(0);
    const loaded = parseDataMap(r.out, "out.yaml");
    if (!loaded.ok) throw new Error(loaded.errors.map(String).join("\n"));
    expect(loaded.value.map.organization.name).toBe("Aurora Fine Jewelry");
    expect(r.err).toMatch(/merged duplicate section 'When You Make a Purchase with Us'/);
  });

  it("writes --out atomically and refuses to overwrite without --force", async () => {
    const out = join(dir, "draft.yaml");
    expect((await run("import", OLD_POLICY, "--out", out)).code).toBe(0);
    const first = readFileSync(out, "utf8");
    const again = await run("import", OLD_POLICY, "--out", out);
    expect(again).toMatchObject({
      code: 2,
      err: "loupe: draft.yaml: file exists; pass --force to overwrite it\n",
    });
    expect(readFileSync(out, "utf8")).toBe(first);
    expect((await run("import", OLD_POLICY, "--out", out, "--force")).code).toBe(0);
  });

  it("lints a policy text with file:line locations and exit code 1", async () => {
    const r = await run("lint", OLD_POLICY);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/old-policy\.txt:\d+/);
    expect(r.out).toMatch(/\d+ errors?, \d+ warnings?, \d+ info/);
  });

  it("renders the notice, a notice at collection, the RoPA and the rule list", async () => {
    const html = await run("render", EXAMPLE, "--format", "html");
    expect(html.code).toBe(0);
    expect(html.out).toContain("<!doctype html>");
    expect(html.out).toContain("2026-11-01");
    const nac = await run("render", EXAMPLE, "--format", "txt", "--notice-at-collection", "purchase");
    expect(nac.code).toBe(0);
    expect(nac.out).toContain("Your payment information");
    const missing = await run("render", EXAMPLE, "--notice-at-collection", "checkout");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("checkout");
    const ropa = await run("ropa", EXAMPLE, "--format", "csv");
    expect(ropa.out.split("\n")[0]).toMatch(/purpose/i);
    const rules = await run("rules", "--format", "json");
    const ids = (JSON.parse(rules.out) as { rules: { id: string }[] }).rules.map((r) => r.id);
    expect(ids).toEqual(
      expect.arrayContaining(["gpc-not-honoured", "duplicate-section", "unused-recipient"]),
    );
    expect(ids.slice(-7)).toEqual([
      "cookie-before-consent",
      "cookie-after-reject",
      "gpc-ignored",
      "undeclared-cookie",
      "undeclared-recipient",
      "declared-but-unseen",
      "reject-harder-than-accept",
    ]);
  });

  it("creates a starter map from flags that passes validation", async () => {
    const out = join(dir, "starter.yaml");
    const r = await run(
      "init",
      "--yes",
      "--name",
      "Opal & Co",
      "--email",
      "privacy@opal.example",
      "--out",
      out,
    );
    expect(r.code).toBe(0);
    const loaded = parseDataMap(readFileSync(out, "utf8"), "starter.yaml");
    expect(loaded.ok).toBe(true);
    expect((await run("init", "--yes", "--out", join(dir, "x.yaml"))).err).toContain(
      "the shop's name is required",
    );
  });

  it("never prints a stack trace from the real binary", async () => {
    const bin = join(ROOT, "packages/cli/bin/loupe.js");
    const r = await promisify(execFile)(process.execPath, [bin, "lint", "missing.yaml"], { cwd: dir }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect("code" in r ? r.code : 0).toBe(2);
    expect((r as { stderr: string }).stderr).toBe("loupe: missing.yaml: no such file\n");
  });
});
