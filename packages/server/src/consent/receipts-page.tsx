/** @jsxImportSource hono/jsx */
import type { ConsentModel } from "./consent-model.js";
import type { Receipt } from "./consent-schemas.js";
import type { Subject } from "./subject-receipts.js";

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{font-size:13px}.denied{color:#8a1c1c}.granted{color:#1c5e1c}`;

/**
 * A readable page of a subject's consent receipts: when, what was chosen and how, which notice and
 * configuration were shown, the signals seen, and each receipt's place in the hash chain.
 *
 * @example
 * return c.html(receiptsPage(model, { kind: "customer", id: "cus_10482" }, await listReceipts(db, subject, page)));
 */
export function receiptsPage(
  model: ConsentModel,
  subject: Subject,
  page: { receipts: Receipt[]; next?: number },
) {
  const title = (id: string) => model.purposes.find((p) => p.id === id)?.title ?? id;
  const heading = `Consent receipts of ${subject.kind} ${subject.id}`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{heading}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <h1>{heading}</h1>
        <p>
          {page.receipts.length === 0
            ? "No receipts recorded."
            : `${page.receipts.length} receipt${page.receipts.length === 1 ? "" : "s"}, oldest first.`}
        </p>
        {page.receipts.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">Receipt</th>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Action</th>
                <th scope="col">Granted</th>
                <th scope="col">Denied</th>
                <th scope="col">Signals</th>
                <th scope="col">Regime</th>
                <th scope="col">Notice shown</th>
                <th scope="col">Chain</th>
              </tr>
            </thead>
            <tbody>
              {page.receipts.map((r) => (
                <tr>
                  <td>
                    #{r.id}
                    <br />
                    {r.visitorId ? `visitor ${r.visitorId}` : ""}
                  </td>
                  <td>
                    <time datetime={r.serverTime}>{r.serverTime.replace("T", " ").replace("Z", "")}</time>
                  </td>
                  <td>
                    {r.action} via {r.source}
                  </td>
                  <td class="granted">{r.granted.map(title).join(", ") || "—"}</td>
                  <td class="denied">{r.denied.map(title).join(", ") || "—"}</td>
                  <td>{[r.gpc ? "GPC" : "", r.dnt ? "DNT" : ""].filter(Boolean).join(", ") || "none"}</td>
                  <td>
                    {r.regime} ({r.region})
                  </td>
                  <td>
                    <code>{r.noticeVersion}</code>
                    {r.language ? ` in ${r.language}` : ""}
                  </td>
                  <td>
                    <code title={r.hash}>{r.hash.slice(0, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.next !== undefined && (
          <p>
            <a href={`?after=${page.next}`}>Later receipts</a>
          </p>
        )}
      </body>
    </html>
  );
}
