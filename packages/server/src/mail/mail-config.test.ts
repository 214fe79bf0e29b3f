import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/load-config.js";

describe("mail and suppression settings", () => {
  it("reads LOUPE_SMTP_URL, LOUPE_MAIL_FROM and LOUPE_SUPPRESSION_KEY with defaults", () => {
    expect(loadConfig({})).toMatchObject({
      smtpUrl: undefined,
      mailFrom: "privacy@localhost",
      suppressionKey: undefined,
    });
    const key = "k".repeat(32);
    expect(
      loadConfig({
        LOUPE_SMTP_URL: "smtps://user:pass@mail.example:465",
        LOUPE_MAIL_FROM: "Privacy <privacy@shop.example>",
        LOUPE_SUPPRESSION_KEY: key,
      }),
    ).toMatchObject({
      smtpUrl: "smtps://user:pass@mail.example:465",
      mailFrom: "Privacy <privacy@shop.example>",
      suppressionKey: key,
    });
  });

  it("names a bad variable without printing its value", () => {
    expect(() => loadConfig({ LOUPE_SMTP_URL: "http://mail.example" })).toThrow(
      "invalid environment variable LOUPE_SMTP_URL: must be an smtp:// or smtps:// URL",
    );
    expect(() => loadConfig({ LOUPE_SUPPRESSION_KEY: "short-secret" })).toThrow(
      /^invalid environment variable LOUPE_SUPPRESSION_KEY: must be at least 32 characters long$/,
    );
  });
});
