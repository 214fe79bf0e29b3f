/** Rendering: the privacy notice, notices at collection, and the words both share. */

export * from "./ccpa-disclosures.js";
export * from "./describe-collected.js";
export * from "./describe-recipient.js";
export * from "./describe-retention.js";
export * from "./notice-headings.js";
export * from "./notice-version.js";
export {
  escapeHtml,
  type NoticeBlock,
  type NoticeDocument,
  type NoticeFormat,
  type NoticeInline,
  type NoticeSection,
  renderDocument,
  renderFragment,
} from "./render-blocks.js";
export * from "./render-notice.js";
export * from "./render-notice-at-collection.js";
export * from "./rights-in-force.js";
