import type { Block, PolicyDocument } from "../document/policy-document.js";
import type { PolicyOutline } from "../document/read-policy-outline.js";
import type {
  Collected,
  CookiePurpose,
  Purpose,
  Retention,
  Section,
  Touchpoint,
} from "../map/data-map-schema.js";
import { formatPath, type MapPath } from "../map/load-data-map.js";
import type { ProgrammeKind, RecipientRole } from "../taxonomy/data-uses.js";
import { Taxonomy } from "../taxonomy/taxonomy.js";
import { comparable, slugify, uniqueId } from "./phrase-text.js";
import { recipientRoleOf } from "./recipient-role.js";

/** A phrase the importer did not recognise, kept in the map with `review: true`. */
export interface ReviewEntry {
  text: string;
  line: number;
  path: string;
}

/** A recipient while the import runs, keyed by its title. */
export interface RecipientDraft {
  id: string;
  title: string;
  role?: RecipientRole;
  sells?: boolean;
  shares?: boolean;
  categories?: string[];
  review?: boolean;
  line: number;
  lines: Partial<Record<"role" | "sells" | "shares" | "categories", number>>;
  /** Position in the "Who Receives Personal Information" list, when the text has one. */
  listed?: number;
}

export interface ProgrammeDraft {
  id: string;
  title: string;
  kind: ProgrammeKind;
  description?: string;
  ends_on_erasure?: string;
  financial_incentive?: boolean;
  line: number;
  lines: Partial<Record<"description" | "ends_on_erasure", number>>;
}

/** The map as it is being built, with plain arrays so readers can push into them. */
export interface MapDraft {
  organization: {
    name: string;
    legal_name?: string;
    privacy_centre_url?: string;
    contact: {
      email?: string;
      phone?: string;
      toll_free_phone?: string;
      address?: string;
      web_form?: string;
    };
  };
  jurisdictions: string[];
  notice: { title?: string; intro?: string; last_updated?: string };
  touchpoints: Touchpoint[];
  cookies: {
    purposes: CookiePurpose[];
    items: { name: string; purpose: string; provider?: string; duration?: string }[];
    technologies: { kind: string; title: string; text: string }[];
  };
  retention: Retention[];
  rights: {
    methods: string[];
    granted: string[];
    lookback_months?: number;
    lookback_extended?: boolean;
    authorised_agents?: boolean;
    verification?: string;
    appeal?: boolean;
  };
  children?: { min_age?: number; deletes?: boolean; no_sale_under?: number };
  signals: { gpc?: boolean; dnt?: boolean };
  transfers?: { hosted_in?: string; safeguards: string[]; text?: string };
  sections: Section[];
}

/**
 * Shared state of one import: the document and its outline, the map being built, the line each map path
 * was read from, the blocks already read into a field, recipients and programmes by name, and the review list.
 *
 * @example
 * const ctx = new ImportContext(doc, readPolicyOutline(doc));
 * ctx.record(["touchpoints", 0], 31);
 * ctx.lineOf(["touchpoints", 0, "collects", 2]); // 31
 */
export class ImportContext {
  readonly document: PolicyDocument;
  readonly outline: PolicyOutline;
  readonly taxonomy = new Taxonomy();
  readonly draft: MapDraft;
  readonly review: ReviewEntry[] = [];
  readonly customCategories: { key: string; parent: string; label: string }[] = [];
  readonly consumed = new Set<Block>();
  readonly recipients = new Map<string, RecipientDraft>();
  readonly programmes: ProgrammeDraft[] = [];
  /** Names the text uses for the owner; phrases differing only by one of them are the same phrase. */
  ownerNames: string[] = [];
  readonly #lines = new Map<string, number>();
  readonly #recipientIds = new Set<string>();

  constructor(document: PolicyDocument, outline: PolicyOutline) {
    this.document = document;
    this.outline = outline;
    this.draft = {
      organization: { name: "", contact: {} },
      jurisdictions: [],
      notice: {},
      touchpoints: [],
      cookies: { purposes: [], items: [], technologies: [] },
      retention: [],
      rights: { methods: [], granted: [] },
      signals: {},
      sections: [],
    };
  }

  /** Records the line a map path was read from (the first record wins). */
  record(path: MapPath, line: number | undefined): void {
    if (!line) return;
    const key = formatPath(path);
    if (!this.#lines.has(key)) this.#lines.set(key, line);
  }

  /** Records a line, replacing an earlier one (used when entries are reordered). */
  recordAgain(path: MapPath, line: number | undefined): void {
    if (line) this.#lines.set(formatPath(path), line);
  }

  /** The recorded line of a path, or of its nearest recorded ancestor. */
  lineOf(path: MapPath): number | undefined {
    for (let n = path.length; n >= 0; n--) {
      const line = this.#lines.get(formatPath(path.slice(0, n)));
      if (line) return line;
    }
    return undefined;
  }

  /** Marks blocks as read into a map field (they do not go into a free `sections` entry). */
  use(...blocks: (Block | undefined)[]): void {
    for (const b of blocks) if (b) this.consumed.add(b);
  }

  addReview(text: string, line: number, path: MapPath): void {
    this.review.push({ text, line, path: formatPath(path) });
  }

  /** A phrase with the owner's names replaced, for telling repeated items apart from new ones. */
  sameness(text: string): string {
    let t = text;
    for (const n of this.ownerNames) if (n) t = t.split(n).join("\u0001");
    return comparable(t);
  }

  /**
   * The recipient with this title (compared without a leading "Our"/"The"), created on first mention with an
   * id slugged from the title and a role inferred from its words.
   */
  recipient(title: string, line: number): RecipientDraft {
    const key = recipientKey(title);
    let r = this.recipients.get(key);
    if (!r) {
      const plain = title.replace(/^(?:our|the)\s+/i, "");
      const slug =
        slugify(plain.replace(/\s+(?:who|which|that|on which|with whom|whom)\b.*$/i, ""), 6) || "recipient";
      r = { id: uniqueId(slug, this.#recipientIds, "recipient"), title, line, lines: {} };
      const role = recipientRoleOf(title);
      if (role) {
        r.role = role;
        r.lines.role = line;
      }
      this.recipients.set(key, r);
    }
    return r;
  }

  /** The programme of a kind (the first one), if the text names one. */
  programmeOfKind(kind: ProgrammeKind): ProgrammeDraft | undefined {
    return this.programmes.find((p) => p.kind === kind);
  }

  /** Adds a custom data category for a phrase no rule knows (once per key). */
  declareCategory(key: string, parent: string, label: string): void {
    if (!this.customCategories.some((c) => c.key === key)) this.customCategories.push({ key, parent, label });
  }

  /** The lines recorded so far, by formatted path. */
  lines(): ReadonlyMap<string, number> {
    return this.#lines;
  }
}

/** Titles compared without a leading article or possessive, case or final punctuation.
 *
 * @example
 * recipientKey("Our marketing service providers"); // "marketing service providers"
 */
export function recipientKey(title: string): string {
  return comparable(title).replace(/^(?:our|the)\s+/, "");
}

export type { Collected, Purpose };
