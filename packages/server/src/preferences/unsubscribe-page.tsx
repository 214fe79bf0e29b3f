/** @jsxImportSource hono/jsx */
import { PageLayout } from "./page-layout.js";

/**
 * The unsubscribe page of a one-click link: a confirmation button (a GET never unsubscribes, since mail
 * scanners follow links), the outcome, or why the link was refused.
 *
 * @example
 * return c.html(unsubscribePage({ organization: "Aurora", state: "confirm", list: "all marketing e-mails", maskedEmail: "a•@example.com" }));
 */
export function unsubscribePage(props: {
  organization: string;
  state: "confirm" | "done" | "invalid";
  list?: string;
  maskedEmail?: string;
  message?: string;
}) {
  const title =
    props.state === "done"
      ? "You are unsubscribed"
      : props.state === "invalid"
        ? "This unsubscribe link cannot be used"
        : "Unsubscribe";
  return (
    <PageLayout title={title} organization={props.organization}>
      <h1>{title}</h1>
      {props.state === "confirm" && (
        <form method="post">
          <p>
            Stop sending <strong>{props.list}</strong> to <strong>{props.maskedEmail}</strong>?
          </p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit">Unsubscribe</button>
        </form>
      )}
      {props.state === "done" && (
        <p class="status" role="status">
          {props.maskedEmail} will no longer receive {props.list} from {props.organization}. This took effect
          immediately.
        </p>
      )}
      {props.state === "invalid" && (
        <p class="error" role="alert">
          {props.message}
        </p>
      )}
      <p>
        <a href="/preferences">Manage all your privacy choices</a>
      </p>
    </PageLayout>
  );
}
