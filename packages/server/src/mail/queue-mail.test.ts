import type { AddressInfo } from "node:net";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobQueue, startJobQueue } from "../jobs/job-queue.js";
import type { Store } from "../store/open-store.js";
import { TEST_STORES } from "../testing/test-stores.js";
import { type MailDelivery, startMailDelivery } from "./mail-delivery.js";
import { listOutbox, queueMail } from "./queue-mail.js";

const logger = pino({ level: "silent" });

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A real SMTP server on a random local port that keeps what it receives and can refuse for a while. */
async function startSmtp() {
  const received: { from: string; to: string[]; raw: string }[] = [];
  let refuse = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refuse > 0) {
        refuse--;
        const err = Object.assign(new Error("try again later"), { responseCode: 451 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext(n: number) {
      refuse = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(TEST_STORES)("mail on $name", (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let queue: JobQueue;
  let delivery: MailDelivery;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    ({ store, dispose } = await kind.open());
    smtp = await startSmtp();
    queue = await startJobQueue({ store, logger, pollingIntervalSeconds: 0.5 });
    delivery = await startMailDelivery({
      db: store.db,
      queue,
      logger,
      smtpUrl: smtp.url,
      from: "privacy@shop.example",
      baseDelayMs: 200,
      sweepIntervalMs: 0,
    });
  }, 60_000);
  afterAll(async () => {
    await delivery?.stop();
    await queue?.stop();
    await smtp?.close();
    await dispose?.();
  });

  it("keeps the mail in the outbox and delivers it through a real SMTP conversation", async () => {
    const ctx = { db: store.db, queue };
    const { id } = await queueMail(ctx, {
      to: "Ada@Example.com",
      subject: "Your verification code",
      text: "Your code is 482913.",
      html: "<p>Your code is <b>482913</b>.</p>",
      kind: "verification-code",
      headers: { "List-Unsubscribe": "<https://privacy.shop.example/u/abc>" },
    });
    const [queued] = await listOutbox(store.db, { limit: 1 });
    expect(queued?.id).toBe(id);
    await until(() => smtp.received.some((m) => m.raw.includes(`<${id}@loupe.outbox>`)));
    const mail = smtp.received.find((m) => m.raw.includes(`<${id}@loupe.outbox>`));
    expect(mail?.from).toBe("privacy@shop.example");
    // nodemailer lower-cases the domain, which is case-insensitive.
    expect(mail?.to).toEqual(["Ada@example.com"]);
    expect(mail?.raw).toContain("Subject: Your verification code");
    expect(mail?.raw).toContain("List-Unsubscribe: <https://privacy.shop.example/u/abc>");
    expect(mail?.raw).toContain("Your code is 482913.");
    await until(
      async () => (await listOutbox(store.db, { kind: "verification-code" }))[0]?.status === "sent",
    );
    const [sent] = await listOutbox(store.db, { kind: "verification-code" });
    expect(sent).toMatchObject({ id, status: "sent", attempts: 1, to_address: "Ada@Example.com" });
    expect(sent?.sent_at).toBeInstanceOf(Date);
  }, 20_000);

  it("retries with backoff while the SMTP server refuses, recording the reply code only", async () => {
    smtp.refuseNext(2);
    const before = smtp.received.length;
    const { id } = await queueMail(
      { db: store.db, queue },
      { to: "grace@example.com", subject: "Request received", text: "We have your request.", kind: "ack" },
    );
    await until(() => smtp.received.length > before, 15_000);
    await until(async () => (await listOutbox(store.db, { kind: "ack" }))[0]?.status === "sent");
    const [row] = await listOutbox(store.db, { kind: "ack" });
    expect(row).toMatchObject({ id, status: "sent", attempts: 3, last_error: null });
  }, 20_000);

  it("queues inside the caller's transaction: nothing is kept or sent when it rolls back", async () => {
    const before = smtp.received.length;
    await expect(
      store.db.transaction().execute(async (trx) => {
        await queueMail(
          { db: trx, queue },
          { to: "rolled@example.com", subject: "Never", text: "x", kind: "rolled-back" },
        );
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await store.db.transaction().execute(async (trx) => {
      await queueMail(
        { db: trx, queue },
        { to: "kept@example.com", subject: "Kept", text: "y", kind: "committed" },
      );
    });
    await until(() => smtp.received.length > before);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await listOutbox(store.db, { kind: "rolled-back" })).toEqual([]);
    expect(smtp.received.slice(before).flatMap((m) => m.to)).toEqual(["kept@example.com"]);
  }, 20_000);

  it("refuses invalid mail with the field named, storing nothing", async () => {
    const count = async () => (await listOutbox(store.db, { limit: 1000 })).length;
    const n = await count();
    const ctx = { db: store.db, queue };
    await expect(
      queueMail(ctx, { to: "a@example.com", subject: "Hi\r\nBcc: victim@example.com", text: "x", kind: "k" }),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST", location: { path: "mail.subject" } });
    await expect(
      queueMail(ctx, { to: "not an address", subject: "Hi", text: "x", kind: "k" }),
    ).rejects.toMatchObject({
      code: "INVALID_REQUEST",
      location: { path: "mail.to" },
    });
    await expect(
      queueMail(ctx, {
        to: "a@example.com",
        subject: "Hi",
        text: "x",
        kind: "k",
        headers: { Bcc: "b@example.com" },
      }),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST", location: { path: "mail.headers" } });
    expect(await count()).toBe(n);
  });
});

describe("mail without SMTP", () => {
  it("is kept in the outbox", async () => {
    const first = TEST_STORES[0];
    if (!first) throw new Error("no test store");
    const { store, dispose } = await first.open();
    const queue = await startJobQueue({ store, logger, pollingIntervalSeconds: 0.5 });
    const delivery = await startMailDelivery({ db: store.db, queue, logger, from: "privacy@shop.example" });
    try {
      const { id } = await queueMail(
        { db: store.db, queue },
        { to: "ada@example.com", subject: "S", text: "T", kind: "k" },
      );
      await until(async () => (await listOutbox(store.db))[0]?.status === "kept");
      expect((await listOutbox(store.db))[0]).toMatchObject({ id, status: "kept", attempts: 1 });
    } finally {
      await delivery.stop();
      await queue.stop();
      await dispose();
    }
  }, 30_000);
});
