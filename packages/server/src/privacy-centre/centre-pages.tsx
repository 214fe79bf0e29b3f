/** @jsxImportSource hono/jsx */
import type { NoticeVersionSummary } from "../notice/notice-versions.js";
import type { Language } from "../requests/denial-templates.js";
import type { RightsRequestView } from "../requests/get-request.js";
import type { RequestEvent } from "../requests/request-events.js";
import { outcomeLines } from "../requests/request-mail.js";
import { RESIDENCES } from "../requests/request-model.js";
import { USES_DATA_POINTS } from "./centre-forms.js";
import { CentreLayout, Choices, ErrorSummary, TextField } from "./centre-layout.js";
import { centreText, FORM_IDS, type FormId } from "./centre-text.js";
import type { DiffRun } from "./notice-diff.js";

interface PageBase {
  lang: Language;
  organization: string;
}

/**
 * The privacy centre's home: the notice and its history, "Your Privacy Choices", one link per right.
 *
 * @example
 * c.html(<HomePage lang="en" organization="Aurora" />);
 */
export function HomePage(p: PageBase) {
  const t = centreText(p.lang);
  return (
    <CentreLayout lang={p.lang} title={t.centre} organization={p.organization} path="/privacy-centre">
      <h1>{t.centre}</h1>
      <p>{t.intro(p.organization)}</p>
      <h2>{t.notice}</h2>
      <ul>
        <li>
          <a href="/privacy">{t.noticeCurrent}</a>
        </li>
        <li>
          <a href={`/privacy-centre/notice-history?lang=${p.lang}`}>{t.noticeHistory}</a>
        </li>
      </ul>
      <h2>{t.choices}</h2>
      <p>
        <a href="/preferences">{t.choices}</a> — {t.choicesText}
      </p>
      <h2>{t.rights}</h2>
      <ul class="rights">
        {FORM_IDS.map((f) => (
          <li>
            <a href={`/privacy-centre/requests/new/${f}?lang=${p.lang}`}>{t.forms[f][0]}</a>
            <br />
            <span class="hint">{t.forms[f][1]}</span>
          </li>
        ))}
      </ul>
      <h2>{t.status}</h2>
      <p>{t.statusText}</p>
    </CentreLayout>
  );
}

/**
 * One right's form, re-shown with the values and errors of a rejected submission.
 *
 * @example
 * c.html(<FormPage lang="en" organization="Aurora" form="delete" csrf={token} values={new Map()} errors={{}} />);
 */
export function FormPage(
  p: PageBase & { form: FormId; csrf: string; values: Map<string, string>; errors: Record<string, string> },
) {
  const t = centreText(p.lang);
  const v = (k: string) => p.values.get(k);
  const err = (k: string) => (p.errors[k] ? (t.errors[p.errors[k] as string] ?? p.errors[k]) : undefined);
  const [title, summary] = t.forms[p.form];
  const agent = p.form === "agent";
  const residences = Object.keys(RESIDENCES);
  return (
    <CentreLayout
      lang={p.lang}
      title={title}
      organization={p.organization}
      path={`/privacy-centre/requests/new/${p.form}`}
    >
      <h1>{title}</h1>
      <p>{summary}</p>
      <ErrorSummary lang={p.lang} errors={p.errors} />
      <form
        method="post"
        action={`/privacy-centre/requests/new/${p.form}`}
        enctype={agent ? "multipart/form-data" : "application/x-www-form-urlencoded"}
        novalidate
      >
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="lang" value={p.lang} />
        {v("login") && <input type="hidden" name="login" value={v("login")} />}
        {agent && (
          <>
            <TextField
              name="agentName"
              label={t.agentName}
              value={v("agentName")}
              error={err("agentName")}
              autocomplete="organization"
            />
            <TextField
              name="agentEmail"
              label={t.agentEmail}
              type="email"
              value={v("agentEmail")}
              error={err("agentEmail")}
              autocomplete="email"
            />
            <p class="hint">{t.agentHint}</p>
          </>
        )}
        {p.form === "opt-out" ? (
          <>
            <Choices
              name="sale"
              type="checkbox"
              legend={t.optOutWhat}
              options={[
                ["sale", t.optOutSale],
                ["limit", t.optOutLimit],
              ]}
              value={[v("sale") === "yes" ? "sale" : "", v("limit") === "yes" ? "limit" : ""].join(",")}
              error={err("sale")}
            />
            <TextField
              name="email"
              type="email"
              label={t.emailOptional}
              hint={t.emailOptionalHint}
              value={v("email")}
              error={err("email")}
              autocomplete="email"
            />
          </>
        ) : (
          <TextField
            name="email"
            type="email"
            label={agent ? t.consumerEmail : t.email}
            hint={agent ? undefined : t.emailHint}
            value={v("email")}
            error={err("email")}
            autocomplete={agent ? "off" : "email"}
          />
        )}
        <div class="field">
          <label for="f-residence">{t.residence}</label>
          {err("residence") && (
            <p class="field-error" id="f-residence-error">
              {err("residence")}
            </p>
          )}
          <select
            id="f-residence"
            name="residence"
            aria-describedby={err("residence") ? "f-residence-error" : undefined}
          >
            <option value="">—</option>
            {residences.map((r) => (
              <option value={r} selected={v("residence") === r}>
                {t.residences[r]}
              </option>
            ))}
          </select>
        </div>
        {p.form === "know" && (
          <Choices
            name="choice"
            legend={t.knowWhat}
            options={[
              ["categories", t.knowCategories],
              ["specific", t.knowSpecific],
            ]}
            value={v("choice")}
            error={err("choice")}
          />
        )}
        {p.form === "access" && (
          <Choices
            name="choice"
            legend={t.accessWhat}
            options={[
              ["copy", t.accessCopy],
              ["portable", t.accessPortable],
            ]}
            value={v("choice")}
            error={err("choice")}
          />
        )}
        {agent && (
          <div class="field">
            <label for="f-agentKind">{t.agentKind}</label>
            {err("agentKind") && (
              <p class="field-error" id="f-agentKind-error">
                {err("agentKind")}
              </p>
            )}
            <select id="f-agentKind" name="agentKind">
              {Object.entries(t.agentKinds).map(([k, label]) => (
                <option value={k} selected={v("agentKind") === k}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        )}
        {p.form === "correct" && (
          <>
            <div class="field">
              <label for="f-correctField">{t.correctField}</label>
              {err("correctField") && (
                <p class="field-error" id="f-correctField-error">
                  {err("correctField")}
                </p>
              )}
              <select id="f-correctField" name="correctField">
                <option value="">—</option>
                {Object.entries(t.correctFields).map(([k, label]) => (
                  <option value={k} selected={v("correctField") === k}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <TextField
              name="correctValue"
              label={t.correctValue}
              value={v("correctValue")}
              error={err("correctValue")}
            />
          </>
        )}
        {p.form === "appeal" && (
          <>
            <TextField name="request" label={t.appealRequest} value={v("request")} error={err("request")} />
            <TextField
              name="reason"
              label={t.appealReason}
              value={v("reason")}
              error={err("reason")}
              multiline
            />
          </>
        )}
        {USES_DATA_POINTS.includes(p.form) && (
          <fieldset>
            <legend>{t.verifyLegend}</legend>
            <p class="hint">{t.verifyHint}</p>
            <TextField
              name="phone"
              label={t.phone}
              value={v("phone")}
              error={err("phone")}
              autocomplete={agent ? "off" : "tel"}
            />
            <TextField
              name="orderNumber"
              label={t.orderNumber}
              value={v("orderNumber")}
              error={err("orderNumber")}
              autocomplete="off"
            />
            <TextField
              name="postcode"
              label={t.postcode}
              value={v("postcode")}
              error={err("postcode")}
              autocomplete={agent ? "off" : "postal-code"}
            />
          </fieldset>
        )}
        {(p.form === "know" || p.form === "access" || agent) && (
          <fieldset>
            <legend>{t.declaration}</legend>
            <p class="hint">{t.declarationText}</p>
            <TextField
              name="declarationName"
              label={t.declarationName}
              hint={t.declarationHint}
              value={v("declarationName")}
              error={err("declarationName")}
              autocomplete="name"
            />
          </fieldset>
        )}
        {agent && (
          <div class="field">
            <label for="f-permission">{t.permission}</label>
            {err("permission") && (
              <p class="field-error" id="f-permission-error">
                {err("permission")}
              </p>
            )}
            <input
              type="file"
              id="f-permission"
              name="permission"
              accept="application/pdf,image/png,image/jpeg"
              aria-describedby={err("permission") ? "f-permission-error" : undefined}
            />
          </div>
        )}
        {(p.form === "restrict" ||
          p.form === "object" ||
          p.form === "withdraw-consent" ||
          p.form === "delete") && (
          <TextField
            name="note"
            label={p.form === "object" ? t.objectNote : t.note}
            value={v("note")}
            error={err("note")}
            multiline
          />
        )}
        {p.form !== "opt-out" && p.form !== "appeal" && p.form !== "agent" && (
          <div class="choice">
            <input
              type="checkbox"
              id="f-under13"
              name="under13"
              value="yes"
              checked={v("under13") === "yes"}
            />
            <label for="f-under13">{t.under13}</label>
          </div>
        )}
        <p>
          <button type="submit">{p.form === "delete" ? t.review : t.submit}</button>
        </p>
      </form>
    </CentreLayout>
  );
}

/**
 * The second step of a deletion: what deleting ends (from the map), the values carried over, and a
 * confirmation button; nothing is stored before it is pressed.
 *
 * @example
 * c.html(<ConfirmDeletePage lang="en" organization="Aurora" csrf={token} values={form} consequences={ctx.deletionConsequences} />);
 */
export function ConfirmDeletePage(
  p: PageBase & { csrf: string; values: Map<string, string>; consequences: string[] },
) {
  const t = centreText(p.lang);
  const carried = ["email", "residence", "phone", "orderNumber", "postcode", "note", "under13", "login"];
  return (
    <CentreLayout
      lang={p.lang}
      title={t.confirmTitle}
      organization={p.organization}
      path="/privacy-centre/requests/new/delete"
    >
      <h1>{t.confirmTitle}</h1>
      <p>{t.confirmIntro}</p>
      <div class="warn">
        <h2>{t.confirmEnds}</h2>
        <ul>
          {p.consequences.map((c) => (
            <li>{c}</li>
          ))}
        </ul>
      </div>
      <form method="post" action="/privacy-centre/requests/new/delete">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="lang" value={p.lang} />
        <input type="hidden" name="confirm" value="yes" />
        {carried.map((k) =>
          p.values.get(k) ? <input type="hidden" name={k} value={p.values.get(k)} /> : null,
        )}
        <p>
          <button type="submit">{t.confirmYes}</button>
        </p>
      </form>
      <p>
        <a href={`/privacy-centre?lang=${p.lang}`}>{t.confirmBack}</a>
      </p>
    </CentreLayout>
  );
}

/**
 * After a submission: the same page whether or not the shop knows the address — enter the e-mailed code.
 *
 * @example
 * c.html(<SentPage lang="en" organization="Aurora" csrf={token} requestId="req_…" mode="code" />);
 */
export function SentPage(
  p: PageBase & { csrf: string; requestId: string; mode: "code" | "agent" | "none"; error?: boolean },
) {
  const t = centreText(p.lang);
  if (p.mode === "none")
    return (
      <CentreLayout
        lang={p.lang}
        title={t.verifiedTitle}
        organization={p.organization}
        path="/privacy-centre"
      >
        <h1>{t.verifiedTitle}</h1>
        <p class="status" role="status">
          {t.sentNone}
        </p>
        <p>
          <a href={`/privacy-centre?lang=${p.lang}`}>{t.centre}</a>
        </p>
      </CentreLayout>
    );
  return (
    <CentreLayout lang={p.lang} title={t.sentTitle} organization={p.organization} path="/privacy-centre">
      <h1>{t.sentTitle}</h1>
      {p.error ? (
        <p class="error" role="alert">
          {t.wrongCode}
        </p>
      ) : (
        <p class="status" role="status">
          {p.mode === "agent" ? t.sentAgentText : t.sentText}
        </p>
      )}
      {p.mode === "code" && <CodeForm lang={p.lang} csrf={p.csrf} requestId={p.requestId} />}
    </CentreLayout>
  );
}

function CodeForm(p: { lang: Language; csrf: string; requestId: string; code?: string | undefined }) {
  const t = centreText(p.lang);
  return (
    <form method="post" action="/privacy-centre/verify">
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="lang" value={p.lang} />
      <input type="hidden" name="request" value={p.requestId} />
      <div class="field">
        <label for="f-code">{t.code}</label>
        <p class="hint" id="f-code-hint">
          {t.codeHint}
        </p>
        <input
          id="f-code"
          name="code"
          type="text"
          inputmode="numeric"
          autocomplete="one-time-code"
          value={p.code ?? ""}
          aria-describedby="f-code-hint"
          maxlength={8}
        />
      </div>
      <p>
        <button type="submit">{t.verify}</button>
      </p>
    </form>
  );
}

/**
 * The page an e-mailed link opens: the code filled in, confirmed by a button (a link alone never acts, so
 * mail scanners that follow links change nothing).
 *
 * @example
 * c.html(<VerifyLinkPage lang="en" organization="Aurora" csrf={token} requestId="req_…" code="04821377" />);
 */
export function VerifyLinkPage(p: PageBase & { csrf: string; requestId: string; code: string }) {
  const t = centreText(p.lang);
  return (
    <CentreLayout lang={p.lang} title={t.sentTitle} organization={p.organization} path="/privacy-centre">
      <h1>{t.verify}</h1>
      <CodeForm lang={p.lang} csrf={p.csrf} requestId={p.requestId} code={p.code} />
    </CentreLayout>
  );
}

/**
 * A short outcome or problem page.
 *
 * @example
 * c.html(<MessagePage lang="en" organization="Aurora" title="Thank you" message="…" />);
 */
export function MessagePage(
  p: PageBase & {
    title: string;
    message: string;
    kind?: "status" | "error";
    link?: { href: string; text: string } | undefined;
  },
) {
  return (
    <CentreLayout lang={p.lang} title={p.title} organization={p.organization} path="/privacy-centre">
      <h1>{p.title}</h1>
      <p class={p.kind ?? "status"} role={p.kind === "error" ? "alert" : "status"}>
        {p.message}
      </p>
      {p.link && (
        <p>
          <a href={p.link.href}>{p.link.text}</a>
        </p>
      )}
    </CentreLayout>
  );
}

/**
 * A request's status for the requester: where it stands, its deadline, what was done, kept and why, the
 * refusal reason with the appeal link, and its history.
 *
 * @example
 * c.html(<StatusPage lang="en" organization="Aurora" request={view} denialText="…" />);
 */
export function StatusPage(
  p: PageBase & { request: RightsRequestView & { events: RequestEvent[] }; denialText?: string | undefined },
) {
  const t = centreText(p.lang);
  const r = p.request;
  const lines = outcomeLines(r.result?.items ?? [], p.lang);
  const appealable =
    (r.status === "denied" || r.status === "partially_completed") &&
    r.appealDays !== undefined &&
    r.kind !== "appeal";
  return (
    <CentreLayout
      lang={p.lang}
      title={t.statusTitle}
      organization={p.organization}
      path={`/privacy-centre/requests/${r.id}`}
    >
      <h1>{t.statusTitle}</h1>
      <dl>
        <dt>{t.state}</dt>
        <dd>
          <strong>{t.statuses[r.status] ?? r.status}</strong>
        </dd>
        <dt>{t.received}</dt>
        <dd>
          <time datetime={r.receivedAt}>{r.receivedAt.slice(0, 10)}</time>
        </dd>
        <dt>{t.dueBy}</dt>
        <dd>
          <time datetime={r.effectiveDueOn}>{r.effectiveDueOn}</time>
        </dd>
      </dl>
      {r.extensionReason && (
        <p class="warn">
          {t.extendedBecause} {r.extensionReason}
        </p>
      )}
      {r.status === "denied" && p.denialText && (
        <>
          <h2>{t.denied}</h2>
          <p>{p.denialText}</p>
        </>
      )}
      <h2>{t.whatDone}</h2>
      {lines.length ? (
        <ul id="outcome">
          {lines.map((l) => (
            <li>{l}</li>
          ))}
        </ul>
      ) : (
        <p>{t.nothingYet}</p>
      )}
      {lines.length > 0 && <p class="hint">{t.keptWhy}</p>}
      {appealable && (
        <p>
          <a href={`/privacy-centre/requests/new/appeal?request=${r.id}&lang=${p.lang}`}>{t.appealLink}</a>
        </p>
      )}
      <h2>{t.timeline}</h2>
      <ol>
        {r.events
          .filter((e) => t.events[e.type])
          .map((e) => (
            <li>
              <time datetime={e.at}>{e.at.slice(0, 10)}</time> — {t.events[e.type]}
            </li>
          ))}
      </ol>
    </CentreLayout>
  );
}

/**
 * The page of a download link: a button that spends the single-use token (a GET never does).
 *
 * @example
 * c.html(<DownloadPage lang="en" organization="Aurora" csrf={token} token={t} />);
 */
export function DownloadPage(p: PageBase & { csrf: string; token: string }) {
  const t = centreText(p.lang);
  return (
    <CentreLayout
      lang={p.lang}
      title={t.downloadTitle}
      organization={p.organization}
      path={`/privacy-centre/download/${p.token}`}
    >
      <h1>{t.downloadTitle}</h1>
      <p>{t.downloadText}</p>
      <form method="post" action={`/privacy-centre/download/${p.token}`}>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="lang" value={p.lang} />
        <button type="submit">{t.downloadButton}</button>
      </form>
    </CentreLayout>
  );
}

/**
 * Every published notice version, newest first, each with a link to what changed since the one before.
 *
 * @example
 * c.html(<HistoryPage lang="en" organization="Aurora" versions={await listNoticeVersions(db)} current="sha256:…" />);
 */
export function HistoryPage(p: PageBase & { versions: NoticeVersionSummary[]; current: string }) {
  const t = centreText(p.lang);
  return (
    <CentreLayout
      lang={p.lang}
      title={t.historyTitle}
      organization={p.organization}
      path="/privacy-centre/notice-history"
    >
      <h1>{t.historyTitle}</h1>
      <p>{t.historyIntro}</p>
      <ol>
        {p.versions.map((v, i) => {
          const older = p.versions[i + 1];
          return (
            <li>
              <a href={`/privacy/versions/${encodeURIComponent(v.version)}`}>
                <time datetime={v.lastUpdated}>{v.lastUpdated}</time>
              </a>{" "}
              <code>{v.version.slice(0, 19)}</code>
              {v.version === p.current ? ` (${t.inForce})` : ""}
              {older && (
                <>
                  {" — "}
                  <a
                    href={`/privacy-centre/notice-history/diff?from=${encodeURIComponent(older.version)}&to=${encodeURIComponent(v.version)}&lang=${p.lang}`}
                  >
                    {t.compare}
                  </a>
                </>
              )}
            </li>
          );
        })}
      </ol>
    </CentreLayout>
  );
}

/**
 * What changed between two notice versions: added and removed lines, unchanged stretches summarised.
 *
 * @example
 * c.html(<DiffPage lang="en" organization="Aurora" from={a} to={b} runs={diffLines(noticeLines(a.content), noticeLines(b.content))} />);
 */
export function DiffPage(
  p: PageBase & { from: NoticeVersionSummary; to: NoticeVersionSummary; runs: DiffRun[] },
) {
  const t = centreText(p.lang);
  const changed = p.runs.some((r) => r.op !== "same");
  return (
    <CentreLayout
      lang={p.lang}
      title={t.diffTitle}
      organization={p.organization}
      path="/privacy-centre/notice-history"
    >
      <h1>{t.diffTitle}</h1>
      <p>
        <time datetime={p.from.lastUpdated}>{p.from.lastUpdated}</time> →{" "}
        <time datetime={p.to.lastUpdated}>{p.to.lastUpdated}</time>
      </p>
      {!changed && <p>{t.noChanges}</p>}
      {p.runs.map((r) =>
        r.op === "same" ? (
          <p class="hint">
            … {r.lines.length} {t.unchanged} …
          </p>
        ) : (
          <div class={r.op}>
            <h2>{r.op === "added" ? t.added : t.removed}</h2>
            {r.op === "added" ? (
              <ins>
                {r.lines.map((l) => (
                  <p>{l}</p>
                ))}
              </ins>
            ) : (
              <del>
                {r.lines.map((l) => (
                  <p>{l}</p>
                ))}
              </del>
            )}
          </div>
        ),
      )}
    </CentreLayout>
  );
}
