/** @jsxImportSource hono/jsx */
import { type Finding, formatLocation, type LoadedMap } from "@loupe/core";
import type { AuditEntry } from "../audit/append-audit.js";
import type { OutboxRow } from "../mail/queue-mail.js";
import type { AdminUser } from "./admin-users.js";
import { CHART_COLORS, ColumnChart, ShareBar } from "./charts.js";
import { ConsoleLayout, ConsolePage, CsrfField, Notice, type Viewer } from "./console-layout.js";
import type { PurposeChoices, WeekCounts } from "./console-stats.js";
import { ROLES } from "./permissions.js";

/**
 * The sign-in form (e-mail and password) with its pre-session CSRF token.
 *
 * @example
 * c.html(<LoginPage csrf={token} next="/admin" />);
 */
export function LoginPage(props: { csrf: string; next: string; error?: string; info?: string }) {
  return (
    <ConsolePage title="Sign in">
      <h1>Sign in to the Loupe console</h1>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {props.info ? <Notice kind="status">{props.info}</Notice> : null}
      <form method="post" action="/admin/login" class="card" style="max-width:26rem">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="email">E-mail</label>
          <input id="email" name="email" type="email" autocomplete="username" required />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit">Sign in</button>
      </form>
    </ConsolePage>
  );
}

/**
 * The dashboard: consent choices by purpose, the share of visitors with GPC, and requests per week by type.
 *
 * @example
 * c.html(<DashboardPage viewer={viewer} days={90} purposes={p} gpc={g} weeks={w} />);
 */
export function DashboardPage(props: {
  viewer: Viewer;
  days: number;
  purposes: PurposeChoices[];
  gpc: { visitors: number; withGpc: number };
  weeks: WeekCounts[];
}) {
  const kinds = [...new Set(props.weeks.flatMap((w) => Object.keys(w.counts)))].sort();
  const received = props.weeks.reduce((n, w) => n + Object.values(w.counts).reduce((a, b) => a + b, 0), 0);
  return (
    <ConsoleLayout title="Dashboard" active="/admin" viewer={props.viewer}>
      <p>
        Consent figures count each visitor's latest choice in the last {props.days} days; requests are counted
        by the week they were received.
      </p>
      <div class="cards">
        <ColumnChart
          id="consent-purposes"
          title="Consent choices by purpose"
          summary={
            props.purposes.length
              ? props.purposes.map((p) => `${p.purpose}: ${p.granted} granted, ${p.denied} denied`).join("; ")
              : "No consent receipts in this period."
          }
          labels={props.purposes.map((p) => p.purpose)}
          series={[
            {
              name: "granted",
              color: CHART_COLORS[0] as string,
              values: props.purposes.map((p) => p.granted),
            },
            { name: "denied", color: CHART_COLORS[1] as string, values: props.purposes.map((p) => p.denied) },
          ]}
        />
        <div>
          <ShareBar
            id="gpc-share"
            title="Visitors sending Global Privacy Control"
            part={props.gpc.withGpc}
            whole={props.gpc.visitors}
            unit="visitors"
          />
        </div>
      </div>
      <ColumnChart
        id="requests-weekly"
        title={`Requests per week by type (${received} in ${props.weeks.length} weeks)`}
        summary={
          received
            ? props.weeks
                .filter((w) => Object.keys(w.counts).length)
                .map(
                  (w) =>
                    `week of ${w.week}: ${Object.entries(w.counts)
                      .map(([k, n]) => `${n} ${k}`)
                      .join(", ")}`,
                )
                .join("; ")
            : "No requests received in this period."
        }
        labels={props.weeks.map((w) => w.week.slice(5))}
        series={kinds.map((kind, i) => ({
          name: kind,
          color: CHART_COLORS[i % CHART_COLORS.length] as string,
          values: props.weeks.map((w) => w.counts[kind] ?? 0),
        }))}
      />
    </ConsoleLayout>
  );
}

/**
 * The data map at a glance and its lint findings, errors first.
 *
 * @example
 * c.html(<DataMapPage viewer={viewer} loaded={loaded} findings={findings} />);
 */
export function DataMapPage(props: { viewer: Viewer; loaded: LoadedMap; findings: Finding[] }) {
  const { map } = props.loaded;
  const count = (s: Finding["severity"]) => props.findings.filter((f) => f.severity === s).length;
  return (
    <ConsoleLayout title="Data map" active="/admin/data-map" viewer={props.viewer}>
      <p>
        <strong>{map.organization.name}</strong> — <code>{props.loaded.file}</code>; jurisdictions:{" "}
        {map.jurisdictions.join(", ")}.
      </p>
      <h2>Touchpoints ({map.touchpoints.length})</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Touchpoint</th>
            <th scope="col">Collects</th>
            <th scope="col">Shared with</th>
          </tr>
        </thead>
        <tbody>
          {map.touchpoints.map((t) => (
            <tr>
              <th scope="row">
                {t.title} <code>{t.id}</code>
              </th>
              <td>{t.collects.join(", ")}</td>
              <td>{(t.shares_with ?? []).join(", ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Systems ({(map.systems ?? []).length})</h2>
      <ul>
        {(map.systems ?? []).map((s) => (
          <li>
            <code>{s.id}</code> ({s.connector}): {Object.keys(s.tables ?? {}).length} tables
          </li>
        ))}
      </ul>
      <h2 id="findings">
        Lint findings: {count("error")} errors, {count("warning")} warnings, {count("info")} notes
      </h2>
      {props.findings.length ? (
        <table aria-labelledby="findings">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Rule</th>
              <th scope="col">Finding</th>
              <th scope="col">Where</th>
            </tr>
          </thead>
          <tbody>
            {props.findings.map((f) => (
              <tr>
                <td class={`sev-${f.severity}`}>{f.severity}</td>
                <td>
                  <code>{f.rule}</code>
                </td>
                <td>{f.message}</td>
                <td class="mono">{formatLocation(f.location)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Notice kind="status">The data map has no lint findings.</Notice>
      )}
    </ConsoleLayout>
  );
}

/**
 * The newest outgoing e-mails and their delivery state.
 *
 * @example
 * c.html(<OutboxPage viewer={viewer} rows={await listOutbox(db, { limit: 100 })} />);
 */
export function OutboxPage(props: { viewer: Viewer; rows: OutboxRow[]; limit: number }) {
  return (
    <ConsoleLayout title="Outbox" active="/admin/outbox" viewer={props.viewer}>
      <p>The {props.limit} newest e-mails, newest first. Without SMTP, mail stays here (status "kept").</p>
      {props.rows.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Kind</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <time datetime={iso(r.created_at)}>{iso(r.created_at).slice(0, 19).replace("T", " ")}</time>
                </td>
                <td>{r.kind}</td>
                <td>{r.to_address}</td>
                <td>{r.subject}</td>
                <td>{r.status}</td>
                <td>{r.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Notice kind="status">The outbox is empty.</Notice>
      )}
    </ConsoleLayout>
  );
}

/**
 * The audit log, newest first, with the result of the latest chain verification and a button to verify now.
 *
 * @example
 * c.html(<AuditPage viewer={viewer} entries={page.entries} … />);
 */
export function AuditPage(props: {
  viewer: Viewer;
  entries: AuditEntry[];
  total: number;
  nextBefore: number | undefined;
  lastCheck: AuditEntry | undefined;
  staff: Map<string, string>;
  canVerify: boolean;
}) {
  const check = props.lastCheck;
  const actorName = (actor: string) => {
    const id = actor.startsWith("staff:") ? actor.slice(6) : undefined;
    return id && props.staff.has(id) ? `${props.staff.get(id)} (${actor})` : actor;
  };
  return (
    <ConsoleLayout title="Audit log" active="/admin/audit" viewer={props.viewer}>
      <h2>Chain verification</h2>
      {check ? (
        check.data.intact ? (
          <Notice kind="status">
            Intact: {String(check.data.count)} entries checked on{" "}
            {iso(check.at).slice(0, 19).replace("T", " ")} UTC by {actorName(check.actor)}.
          </Notice>
        ) : (
          <Notice kind="error">
            Broken at entry {String(check.data.brokenAt)} (found on{" "}
            {iso(check.at).slice(0, 19).replace("T", " ")} UTC): {String(check.data.reason)}
          </Notice>
        )
      ) : (
        <p>The chain has not been verified from the console yet.</p>
      )}
      {props.canVerify ? (
        <form method="post" action="/admin/audit/verify">
          <CsrfField token={props.viewer.csrf} />
          <button type="submit">Verify the chain now</button>
        </form>
      ) : null}
      <h2 id="entries">Entries ({props.total})</h2>
      <table aria-labelledby="entries">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr>
              <td>{e.id}</td>
              <td>
                <time datetime={e.at}>{e.at.slice(0, 19).replace("T", " ")}</time>
              </td>
              <td>{actorName(e.actor)}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td class="mono">{e.target ?? "—"}</td>
              <td class="mono">{Object.keys(e.data).length ? JSON.stringify(e.data) : "—"}</td>
              <td class="mono" title={e.hash}>
                {e.hash.slice(0, 12)}…
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.nextBefore !== undefined ? (
        <p>
          <a href={`/admin/audit?before=${props.nextBefore}`}>Older entries</a>
        </p>
      ) : null}
    </ConsoleLayout>
  );
}

/**
 * Staff accounts: create one, change a role, disable or enable (admins only).
 *
 * @example
 * c.html(<UsersPage viewer={viewer} users={users} />);
 */
export function UsersPage(props: { viewer: Viewer; users: AdminUser[]; error?: string; done?: string }) {
  return (
    <ConsoleLayout title="Users" active="/admin/users" viewer={props.viewer}>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {props.done ? <Notice kind="status">{props.done}</Notice> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr>
              <th scope="row">{u.email}</th>
              <td>{u.role}</td>
              <td>{u.disabled_at ? "disabled" : "active"}</td>
              <td>{iso(u.created_at).slice(0, 10)}</td>
              <td>
                <form method="post" action={`/admin/users/${u.id}/role`} class="inline">
                  <CsrfField token={props.viewer.csrf} />
                  <label class="visually-hidden" for={`role-${u.id}`}>
                    Role of {u.email}
                  </label>
                  <select id={`role-${u.id}`} name="role">
                    {ROLES.map((r) => (
                      <option value={r} selected={r === u.role}>
                        {r}
                      </option>
                    ))}
                  </select>
                  <button type="submit" class="secondary" aria-label={`Change role of ${u.email}`}>
                    Change role
                  </button>
                </form>{" "}
                <form
                  method="post"
                  action={`/admin/users/${u.id}/${u.disabled_at ? "enable" : "disable"}`}
                  class="inline"
                >
                  <CsrfField token={props.viewer.csrf} />
                  <button
                    type="submit"
                    class="secondary"
                    aria-label={`${u.disabled_at ? "Enable" : "Disable"} ${u.email}`}
                  >
                    {u.disabled_at ? "Enable" : "Disable"}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a user</h2>
      <form method="post" action="/admin/users" class="card">
        <CsrfField token={props.viewer.csrf} />
        <div class="row">
          <div class="field">
            <label for="new-email">E-mail</label>
            <input id="new-email" name="email" type="email" autocomplete="off" required />
          </div>
          <div class="field">
            <label for="new-role">Role</label>
            <select id="new-role" name="role">
              {ROLES.map((r) => (
                <option value={r} selected={r === "viewer"}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="new-password">Initial password (12 characters or more)</label>
            <input
              id="new-password"
              name="password"
              type="password"
              autocomplete="new-password"
              minlength={12}
              required
            />
          </div>
          <button type="submit">Add user</button>
        </div>
      </form>
    </ConsoleLayout>
  );
}

/**
 * One's own account: role and a form to change the password.
 *
 * @example
 * c.html(<AccountPage viewer={viewer} />);
 */
export function AccountPage(props: {
  viewer: Viewer;
  error?: string | undefined;
  done?: string | undefined;
}) {
  return (
    <ConsoleLayout title="Your account" active="/admin/account" viewer={props.viewer}>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {props.done ? <Notice kind="status">{props.done}</Notice> : null}
      <p>
        Signed in as {props.viewer.email}, role {props.viewer.role}.
      </p>
      <h2>Change your password</h2>
      <form method="post" action="/admin/account/password" class="card" style="max-width:26rem">
        <CsrfField token={props.viewer.csrf} />
        <input type="text" name="username" autocomplete="username" value={props.viewer.email} hidden />
        <div class="field">
          <label for="current">Current password</label>
          <input id="current" name="current" type="password" autocomplete="current-password" required />
        </div>
        <div class="field">
          <label for="next">New password (12 characters or more)</label>
          <input id="next" name="next" type="password" autocomplete="new-password" minlength={12} required />
        </div>
        <div class="field">
          <label for="confirm">New password again</label>
          <input
            id="confirm"
            name="confirm"
            type="password"
            autocomplete="new-password"
            minlength={12}
            required
          />
        </div>
        <button type="submit">Change password</button>
      </form>
    </ConsoleLayout>
  );
}

/**
 * A console error page (not signed in, not allowed, not found, rate limited, bad form).
 *
 * @example
 * c.html(<ErrorPage title="Not allowed" message="Your role cannot open this page." />, 403);
 */
export function ErrorPage(props: { title: string; message: string; viewer?: Viewer | undefined }) {
  const body = (
    <>
      <Notice kind="error">{props.message}</Notice>
      <p>
        <a href={props.viewer ? "/admin" : "/admin/login"}>
          {props.viewer ? "Back to the dashboard" : "Sign in"}
        </a>
      </p>
    </>
  );
  return props.viewer ? (
    <ConsoleLayout title={props.title} active="" viewer={props.viewer}>
      {body}
    </ConsoleLayout>
  ) : (
    <ConsolePage title={props.title}>
      <h1>{props.title}</h1>
      {body}
    </ConsolePage>
  );
}

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}
