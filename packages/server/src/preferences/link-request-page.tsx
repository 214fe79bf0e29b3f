/** @jsxImportSource hono/jsx */

import { OPT_OUT_PATHS } from "./opt-out-page.js";
import { PageLayout } from "./page-layout.js";

/**
 * The page that asks for an address to e-mail a preference-centre link to. After a request it gives the
 * same answer for every address, known or not.
 *
 * @example
 * return c.html(linkRequestPage({ organization: "Aurora", sent: true }));
 */
export function linkRequestPage(props: { organization: string; sent?: boolean; error?: string | undefined }) {
  return (
    <PageLayout title="Your privacy choices" organization={props.organization}>
      <h1>Your privacy choices</h1>
      {props.sent && (
        <p class="status" role="status">
          Thank you. If this address can receive mail, a link to your privacy choices is on its way. It works
          for 7 days.
        </p>
      )}
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <p>
        To see and change your marketing and privacy choices at {props.organization}, we e-mail you a private
        link. Signed-in customers can also open this page from their account.
      </p>
      <form method="post" action="/preferences/link">
        <p>
          <label for="email">E-mail address</label>
          <br />
          <input id="email" type="email" name="email" required autocomplete="email" />
        </p>
        <p>
          <button type="submit">E-mail me a link</button>
        </p>
      </form>
      <p>
        No account needed:{" "}
        <a href={OPT_OUT_PATHS["sale-share"]}>Do Not Sell or Share My Personal Information</a> ·{" "}
        <a href={OPT_OUT_PATHS["sensitive-use"]}>Limit the Use of My Sensitive Personal Information</a>
      </p>
    </PageLayout>
  );
}
