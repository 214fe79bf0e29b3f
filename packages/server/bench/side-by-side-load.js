// The load side of the side-by-side benchmark (`c15t-writes.js`), run as its own process: one bounded
// autocannon run whose options come as JSON in argv[2], plus `bodyFor`: "loupe" or "c15t". Every request
// gets a fresh body built the same way for both servers (a new random visitor/subject id, and for Loupe a
// new idempotency key); prints autocannon's result as JSON.
import { randomBytes, randomUUID } from "node:crypto";
import autocannon from "autocannon";

const { bodyFor, shown, ...options } = JSON.parse(process.argv[2]);
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** A random id of 22 base58 characters (c15t accepts only `sub_` + base58 subject ids). */
const base58Id = () => Array.from(randomBytes(22), (b) => BASE58[b % 58]).join("");

/** One consent as each API takes it: analytics granted in the preferences dialog, everything else refused. */
const bodies = {
  loupe: () => ({
    headers: { "idempotency-key": randomUUID() },
    body: JSON.stringify({
      receipts: [
        {
          visitorId: `v_${base58Id()}`,
          action: "save",
          source: "dialog",
          granted: ["analytics"],
          noticeVersion: shown?.version,
          configHash: shown?.configHash,
          language: "en",
        },
      ],
    }),
  }),
  c15t: () => ({
    headers: {},
    body: JSON.stringify({
      type: "cookie_banner",
      subjectId: `sub_${base58Id()}`,
      domain: "aurora.example",
      preferences: {
        necessary: true,
        functionality: false,
        measurement: true,
        marketing: false,
        experience: false,
      },
      givenAt: Date.now(),
      consentAction: "custom",
      uiSource: "dialog",
    }),
  }),
};
const make = bodies[bodyFor];
if (!make) throw new Error(`bodyFor must be "loupe" or "c15t", not ${bodyFor}`);

const result = await autocannon({
  ...options,
  requests: [
    {
      setupRequest(request) {
        const { headers, body } = make();
        return { ...request, body, headers: { ...request.headers, ...headers } };
      },
    },
  ],
});
process.stdout.write(JSON.stringify(result));
