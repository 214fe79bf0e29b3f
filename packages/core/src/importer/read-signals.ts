import { lineAt } from "../document/block-line.js";
import type { Block } from "../document/policy-document.js";
import type { ImportContext } from "./import-context.js";
import { sentences } from "./phrase-text.js";

/**
 * Reads the browser signals the text promises to honour: `gpc: true` only when it says it honours Global
 * Privacy Control (or opt-out preference signals); `dnt` from its Do Not Track statement. The line of the
 * statement is recorded for the path `signals`.
 *
 * @example
 * readSignals(ctx, document.blocks);
 * ctx.draft.signals; // e.g. { dnt: false } for "we do not currently respond to them"
 */
export function readSignals(ctx: ImportContext, blocks: readonly Block[]): void {
  const signals = ctx.draft.signals;
  for (const b of blocks) {
    if (b.kind === "heading") continue;
    for (const s of sentences(b.text)) {
      const gpc = /global privacy control|opt-out preference signal|\bGPC\b/i.exec(s.text);
      if (gpc && signals.gpc === undefined && !/do not track|\bDNT\b/i.test(s.text)) {
        const negative =
          /\b(?:do|does|will|can) not (?:currently )?(?:honou?r|respect|recogni[sz]e|respond|process)|\bnot (?:yet )?(?:honou?r|respect)/i.test(
            s.text,
          );
        const positive = /\b(?:honou?r|respect|recogni[sz]e|treat|process|respond to)/i.test(s.text);
        if (positive || negative) {
          signals.gpc = positive && !negative;
          ctx.record(["signals"], lineAt(b, s.start + gpc.index));
          ctx.record(["signals", "gpc"], lineAt(b, s.start + gpc.index));
        }
      }
    }
    // A Do Not Track statement may take two sentences ("Some browsers send a 'Do Not Track' signal. We do
    // not currently respond to such signals."): read the whole block once it names the signal.
    if (signals.dnt === undefined && /do not track|\bDNT\b/i.test(b.text)) {
      const no =
        /\b(?:do|does|will) not (?:currently |yet )?respond|\bnot (?:currently |yet )?respond|\bignore (?:them|such|these|those|browser|do not track|dnt)/i.exec(
          b.text,
        );
      const yes = /\bwe (?:will )?(?:respond|honou?r) to (?:browser )?(?:do not track|dnt)/i.exec(b.text);
      if (no || yes) {
        signals.dnt = !no;
        const at = lineAt(b, (no ?? yes)?.index ?? 0);
        ctx.record(["signals"], at);
        ctx.record(["signals", "dnt"], at);
      }
    }
  }
}
