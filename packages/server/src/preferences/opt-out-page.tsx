/** @jsxImportSource hono/jsx */
import { PageLayout } from "./page-layout.js";
import type { PreferenceModel } from "./preference-model.js";

/** The two opt-outs that need no account and no verification (CCPA §7026, §7027, §7060(b)). */
export type OptOutKind = "sale-share" | "sensitive-use";

/** Paths of the opt-out pages. */
export const OPT_OUT_PATHS: Record<OptOutKind, string> = {
  "sale-share": "/privacy-choices/do-not-sell-or-share",
  "sensitive-use": "/privacy-choices/limit-sensitive-information",
};

/**
 * An opt-out page: what the opt-out does, from the data map, and a one-button form with an optional e-mail
 * address (used only to apply the opt-out to the person's records; never required). Shows "Opt-Out Request
 * Honored" when the browser sends Global Privacy Control or the opt-out is already in force here.
 *
 * @example
 * return c.html(optOutPage({ model, kind: "sale-share", gpc: true, optedOut: true }));
 */
export function optOutPage(props: {
  model: PreferenceModel;
  kind: OptOutKind;
  gpc: boolean;
  optedOut: boolean;
  error?: string | undefined;
}) {
  const { model, kind } = props;
  const choice = kind === "sale-share" ? model.saleShare : model.sensitive;
  const button =
    kind === "sale-share" ? "Opt out of sale and sharing" : "Limit the use of my sensitive information";
  const honoured =
    kind === "sale-share"
      ? props.gpc
        ? "Opt-Out Request Honored: your browser sends Global Privacy Control, so we do not sell or share personal information from this browser."
        : "Opt-Out Request Honored: we do not sell or share personal information from this browser."
      : "Request Honored: your sensitive personal information is used only to provide what you ask for, for security and as the law requires.";
  return (
    <PageLayout title={choice.title} organization={model.organization}>
      <h1>{choice.title}</h1>
      {props.optedOut && (
        <p class="status" role="status">
          {honoured}
        </p>
      )}
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <p>{choice.description}</p>
      <p>No account and no proof of identity are needed.</p>
      <div class="consequences">
        What changes:
        <ul>
          {choice.consequences.map((t) => (
            <li>{t}</li>
          ))}
        </ul>
      </div>
      <form method="post" action={OPT_OUT_PATHS[kind]}>
        <p>
          <label for="email">E-mail address (optional)</label>
          <br />
          <input id="email" type="email" name="email" autocomplete="email" aria-describedby="email-hint" />
        </p>
        <p class="hint" id="email-hint">
          Give it only if you want the opt-out applied to your customer records as well as to this browser.
        </p>
        <p>
          <button type="submit">{button}</button>
        </p>
      </form>
      <p>
        Other choices: <a href={OPT_OUT_PATHS["sale-share"]}>Do Not Sell or Share</a> ·{" "}
        <a href={OPT_OUT_PATHS["sensitive-use"]}>Limit the Use of My Sensitive Personal Information</a> ·{" "}
        <a href="/preferences">All your privacy choices</a>
      </p>
    </PageLayout>
  );
}
