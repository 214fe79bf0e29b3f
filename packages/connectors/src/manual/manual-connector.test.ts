import { type System, SystemSchema } from "@loupe/core";
import { describe, expect, it } from "vitest";
import type { ProviderRequest } from "../connector/connector.js";
import { completeManualTask } from "./complete-manual-task.js";
import { createManualConnector } from "./manual-connector.js";
import { type ManualTask, manualTask, manualTaskReference } from "./manual-task.js";

const EMAIL = "ann.byrne@example.com";
const PHONE = "+15550100123";
const NOW = new Date("2026-11-22T10:00:00Z");
const INSTRUCTIONS = "Open the booking calendar admin, search the customer, and use Delete profile.";

const system: System = SystemSchema.parse({
  id: "showroom",
  title: "Showroom bookings",
  connector: "manual",
  recipient: "appointment-booking",
  tables: {
    bookings: {
      identity: { email: "email", phone: "phone" },
      fields: {
        email: "user.contact.email",
        phone: "user.contact.phone_number",
        notes: "user.custom.ring_size",
      },
    },
  },
  provider: { instructions: INSTRUCTIONS },
});

function request(kind: ProviderRequest["kind"] = "erase", key = "req-42:showroom"): ProviderRequest {
  return {
    requestId: "req-42",
    idempotencyKey: key,
    kind,
    subject: { email: [EMAIL], phone: [PHONE], customer_id: ["981"] },
    categories: ["user.contact.email", "user.contact.phone_number", "user.custom.ring_size"],
  };
}

describe("manualTask", () => {
  it("describes what to do, which categories and the map's instructions, without personal data in the text", () => {
    const task = manualTask(system, request());
    expect(task.text).toContain(
      "Erase the data subject's data at Showroom bookings (request req-42, task mt_",
    );
    expect(task.text).toContain("Delete (or irreversibly anonymise) every record Showroom bookings holds");
    expect(task.text).toContain("- E-mail address (user.contact.email)");
    expect(task.text).toContain("- Phone number (user.contact.phone_number)");
    expect(task.text).toContain("- user.custom.ring_size (user.custom.ring_size)");
    expect(task.text).toContain(`Instructions:\n${INSTRUCTIONS}`);
    expect(task.text).toContain("Find the data subject by: e-mail address, phone number");
    expect(task.text).toContain("Recipient in the privacy notice: appointment-booking.");
    for (const text of [task.text, task.title]) {
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain(PHONE);
    }
    // The person gets the values they search by: only the kinds the map says the provider keys on.
    expect(task.subject).toEqual({ email: [EMAIL], phone: [PHONE] });
    expect(task).toMatchObject({
      requestId: "req-42",
      idempotencyKey: "req-42:showroom",
      systemId: "showroom",
      recipient: "appointment-booking",
      kind: "erase",
      instructions: INSTRUCTIONS,
    });
  });

  it("labels categories from the taxonomy", () => {
    const labels = manualTask(system, request()).categories;
    expect(labels[0]).toEqual({ key: "user.contact.email", label: "E-mail address" });
    expect(labels[2]).toEqual({ key: "user.custom.ring_size", label: "user.custom.ring_size" });
  });

  it("says what each kind of request asks", () => {
    const first = (kind: ProviderRequest["kind"]) => manualTask(system, request(kind)).title;
    expect(first("access")).toBe("Export the data subject's data at Showroom bookings");
    expect(first("correct")).toBe("Correct the data subject's data at Showroom bookings");
    expect(first("restrict")).toBe("Restrict processing of the data subject's data at Showroom bookings");
    expect(first("object")).toBe("Stop processing the data subject's data at Showroom bookings");
  });

  it("keeps only the corrections of categories the provider holds, out of the text", () => {
    const task = manualTask(system, {
      ...request("correct"),
      corrections: { "user.contact.email": "ann@example.org", "user.name": "Ann Byrne" },
    });
    expect(task.corrections).toEqual({ "user.contact.email": "ann@example.org" });
    expect(task.text).toContain("Categories to correct: user.contact.email.");
    expect(task.text).not.toContain("ann@example.org");
  });

  it("has a reference derived from the idempotency key", () => {
    const a = manualTask(system, request("erase", "req-42:showroom")).reference;
    expect(a).toMatch(/^mt_[0-9a-f]{24}$/);
    expect(manualTask(system, request("erase", "req-42:showroom")).reference).toBe(a);
    expect(manualTaskReference("req-42:showroom")).toBe(a);
    expect(manualTask(system, request("erase", "req-43:showroom")).reference).not.toBe(a);
  });
});

describe("ManualConnector", () => {
  it("answers pending with the task's reference and hands the task to the caller to store", async () => {
    const stored: ManualTask[] = [];
    const c = createManualConnector(
      { system, env: {}, now: () => NOW },
      { onTask: (t) => void stored.push(t) },
    );
    await c.open();
    const out = await c.send(request());
    const again = await c.send(request());
    expect(out).toEqual({
      status: "pending",
      reference: stored[0]?.reference,
      message: `manual task ${stored[0]?.reference}: Erase the data subject's data at Showroom bookings; waiting for a person to confirm it with evidence`,
    });
    expect(again).toEqual(out);
    expect(stored[1]).toEqual(stored[0]);
    expect(c.task(request())).toEqual(stored[0]);
    expect(JSON.stringify(out)).not.toContain(EMAIL);
    expect((await c.describe()).tables.map((t) => t.name)).toEqual(["bookings"]);
  });

  it("fails as retryable when the task cannot be stored", async () => {
    const c = createManualConnector(
      { system, env: {}, now: () => NOW },
      {
        onTask: () => {
          throw new Error(`duplicate key ${EMAIL}`);
        },
      },
    );
    const out = await c.send(request());
    expect(out).toMatchObject({ status: "failed", retryable: true });
    expect(JSON.stringify(out)).not.toContain(EMAIL);
  });
});

describe("completeManualTask", () => {
  const task = manualTask(system, request());
  const valid = {
    reference: task.reference,
    confirmedBy: "Priya (support)",
    confirmedAt: "2026-11-22T11:30:00+02:00",
    note: "Deleted the booking profile and its two appointments.",
    attachmentSha256: "AB".repeat(32),
    changed: 3,
  };

  it("turns a valid confirmation into a done outcome with its evidence", () => {
    const r = completeManualTask(task, valid, NOW);
    const evidence = {
      reference: task.reference,
      confirmedBy: "Priya (support)",
      confirmedAt: "2026-11-22T09:30:00.000Z",
      note: "Deleted the booking profile and its two appointments.",
      attachmentSha256: "ab".repeat(32),
      recordedAt: "2026-11-22T10:00:00.000Z",
    };
    expect(r).toEqual({
      ok: true,
      value: {
        requestId: "req-42",
        idempotencyKey: "req-42:showroom",
        reference: task.reference,
        outcome: { status: "done", value: { changed: 3 }, evidence: JSON.stringify(evidence) },
        evidence,
      },
    });
  });

  it("takes a confirmation without an attachment outside access", () => {
    const { attachmentSha256: _, changed: __, ...rest } = valid;
    const r = completeManualTask(task, rest, NOW);
    expect(r.ok && r.value.outcome.value).toEqual({});
    expect(r.ok && "attachmentSha256" in r.value.evidence).toBe(false);
  });

  const paths = (t: ManualTask, input: unknown) => {
    const r = completeManualTask(t, input, NOW);
    return r.ok ? [] : r.errors.map((e) => [e.location?.path, e.message]);
  };

  it("reports every problem at its field", () => {
    expect(paths(task, {})).toEqual([
      ["reference", "reference: does not match the task being confirmed"],
      ["confirmedBy", "confirmedBy: is required"],
      ["note", "note: is required"],
      [
        "confirmedAt",
        "confirmedAt: must be an ISO 8601 date-time with a time zone, e.g. 2026-11-22T09:30:00Z",
      ],
    ]);
    expect(
      paths(task, {
        ...valid,
        reference: manualTaskReference("req-1:showroom"),
        confirmedBy: "   ",
        note: "x".repeat(2001),
        confirmedAt: "2026-11-22T10:30:00Z",
        attachmentSha256: "abc",
        changed: -1,
      }),
    ).toEqual([
      ["reference", "reference: does not match the task being confirmed"],
      ["confirmedBy", "confirmedBy: is required"],
      ["note", "note: must be at most 2000 characters"],
      ["confirmedAt", "confirmedAt: is in the future"],
      ["attachmentSha256", "attachmentSha256: must be a SHA-256 digest: 64 hexadecimal digits"],
      ["changed", "changed: must be a whole number of records, 0 or more"],
    ]);
    expect(paths(task, { ...valid, confirmedAt: "22/11/2026" }).map((p) => p[0])).toEqual(["confirmedAt"]);
    expect(paths(task, { ...valid, confirmedAt: "2026-11-22T09:30:00" }).map((p) => p[0])).toEqual([
      "confirmedAt",
    ]);
    expect(paths(task, "done")).toEqual([
      ["confirmation", "confirmation: must be an object with reference, confirmedBy, confirmedAt and note"],
    ]);
  });

  it("requires the export for an access task", () => {
    const access = manualTask(system, request("access"));
    const { attachmentSha256: _, ...rest } = { ...valid, reference: access.reference };
    expect(paths(access, rest)).toEqual([
      ["attachmentSha256", "attachmentSha256: is required: attach the export for an access task"],
    ]);
    const r = completeManualTask(access, { ...rest, attachmentSha256: "0".repeat(64) }, NOW);
    expect(r.ok && r.value.outcome.value).toEqual({ records: {}, changed: 3 });
  });
});
