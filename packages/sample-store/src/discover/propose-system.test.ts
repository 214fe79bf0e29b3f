import { describe, expect, it } from "vitest";
import type { Catalog } from "./catalog.js";
import { createIndexStatement, proposeIdentity, proposeSqlSystem } from "./propose-system.js";

const catalog: Catalog = {
  dialect: "mysql",
  schema: "legacy shop",
  tables: [
    {
      name: "members",
      columns: [
        { name: "member_id", type: "int(11)", nullable: false },
        { name: "mail", type: "varchar(96)", nullable: false },
        { name: "mobile", type: "varchar(32)", nullable: true },
        { name: "profile", type: "text", nullable: true },
        { name: "removed_at", type: "datetime", nullable: true },
      ],
      primaryKey: ["member_id"],
      foreignKeys: [],
      indexes: [{ name: "PRIMARY", columns: ["member_id"], unique: true, primary: true }],
      estimatedRows: 1200,
    },
    {
      name: "visit_log",
      columns: [
        { name: "member_id", type: "int(11)", nullable: true },
        { name: "page", type: "text", nullable: false },
      ],
      primaryKey: [],
      foreignKeys: [
        {
          name: "fk",
          columns: ["member_id"],
          refSchema: "legacy shop",
          refTable: "members",
          refColumns: ["member_id"],
          onDelete: "SET NULL",
        },
      ],
      indexes: [],
      estimatedRows: -1,
    },
    {
      name: "settings",
      columns: [{ name: "key", type: "varchar(64)", nullable: false }],
      primaryKey: ["key"],
      foreignKeys: [],
      indexes: [],
      estimatedRows: 10,
    },
  ],
};

describe("proposeSqlSystem", () => {
  const samples = new Map([
    [
      "members",
      new Map([
        ["mail", ["a@example.com", "b@example.com", "c@example.com"]],
        ["mobile", ["+12125550100", "+12125550101"]],
        ["profile", ['{"name":"A"}', '{"name":"B"}', '{"name":"C"}']],
      ]),
    ],
    ["visit_log", new Map([["page", ["/a", "/b"]]])],
  ]);
  const r = proposeSqlSystem(catalog, samples, { systemId: "legacy" }, "mysql");

  it("proposes fields, identities, references and soft deletes", () => {
    expect(r.system).toMatchObject({ id: "legacy", connector: "mysql", connection: { env: "LEGACY_URL" } });
    expect(r.system.tables.members).toMatchObject({
      primary_key: ["member_id"],
      identity: { customer_id: "member_id", email: "mail", phone: "mobile" },
      fields: { mail: "user.contact.email", mobile: "user.contact.phone_number" },
      soft_delete: "removed_at",
    });
    expect(r.system.tables.visit_log?.references).toEqual({ member_id: "members.member_id" });
    expect(r.system.tables.visit_log?.fields.page).toBe("user.behavior.browsing_history");
    expect(r.stats.tablesWithoutPersonalData).toEqual(["settings"]);
    expect(r.stats).toMatchObject({ tables: 3, foreignKeys: 1, personalColumns: 3, reviewColumns: 0 });
  });

  it("reports unindexed identities with quoted CREATE INDEX statements, and other findings", () => {
    const codes = r.findings.map((f) => `${f.code} ${f.table}.${f.column ?? ""}`);
    expect(codes).toEqual([
      "json-column members.profile",
      "identity-without-index members.mail",
      "identity-without-index members.mobile",
      "table-without-primary-key visit_log.",
      "identity-without-index visit_log.member_id",
    ]);
    expect(r.findings[1]?.fix).toBe("CREATE INDEX `members_mail_idx` ON `legacy shop`.`members` (`mail`);");
    expect(r.findings[1]?.message).toContain("about 1,200 rows");
  });
});

describe("createIndexStatement", () => {
  it("quotes identifiers and gives MariaDB text columns a prefix", () => {
    expect(createIndexStatement("postgres", 'we"ird', "t", "c", "text")).toBe(
      'CREATE INDEX CONCURRENTLY "t_c_idx" ON "we""ird"."t" ("c");',
    );
    expect(createIndexStatement("mysql", "db", "t", "note", "text")).toBe(
      "CREATE INDEX `t_note_idx` ON `db`.`t` (`note`(191));",
    );
  });
});

describe("proposeIdentity", () => {
  it("finds customer ids, sessions and handles", () => {
    expect(proposeIdentity("sessions", ["id", "user_id"], {}, ["id"])).toEqual({
      customer_id: "user_id",
      session_id: "id",
    });
    expect(proposeIdentity("mentions", ["handle"], { handle: "user.social" }, [])).toEqual({
      social_handle: "handle",
    });
  });
});
