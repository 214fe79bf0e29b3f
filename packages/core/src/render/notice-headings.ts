/**
 * The exact words of the notice layout (`docs/notice-layout.md`): the headings the renderer writes and the
 * importer looks for, and the fixed sentences whose presence sets a map field.
 *
 * @example
 * NOTICE_HEADINGS.collects; // "Categories Of Data We May Collect"
 */
export const NOTICE_HEADINGS = {
  contents: "Contents",
  collection: "Collection, Use, And Sharing Of Information",
  collects: "Categories Of Data We May Collect",
  purposes: "How We May Use The Data Collected",
  sharesWith: "Who We May Share Your Data With",
  consequences: "Consequences Of Not Providing Data",
  tracking: "Tracking Technology",
  recipients: "Who Receives Personal Information",
  programmes: "Programmes",
  retention: "How Long We Keep Your Information",
  california: "Categories Of Personal Information (California)",
  rights: "Your Privacy Rights",
  exercise: "How To Exercise Your Rights",
  appeals: "Appeals",
  gpc: "Global Privacy Control",
  children: "Children",
  transfers: "International Transfers",
  contact: "Contact Us",
} as const;

/** The item written for a list that is empty in the map. */
export const NONE_ITEM = "None";

/** Fixed sentences of the layout. */
export const NOTICE_SENTENCES = {
  gpc: "We honour the Global Privacy Control signal as a request to opt out of the sale and sharing of your personal information for the browser and any profile linked to it.",
  dntNo: "We do not respond to Do Not Track signals.",
  dntYes: "We respond to Do Not Track signals as we do to Global Privacy Control.",
  children: (age: number) =>
    `We do not knowingly collect personal information from children under the age of ${age}.`,
  childrenDeletes: (age: number) =>
    `If we learn that we have collected personal information from a child under the age of ${age}, we will delete it.`,
  noSaleUnder: (age: number) =>
    `We do not sell or share the personal information of consumers under the age of ${age}.`,
  lastUpdated: (date: string) => `Last updated: ${date}`,
  version: (version: string) => `Version: ${version}`,
  cookiePurposes: (n: number) => `We use cookies for ${numberWords(n)} general purposes as follows:`,
  programmeErasure: "If you ask us to delete your data:",
} as const;

/** The California link titles (CPRA, 11 CCR §7026, §7027). */
export const CALIFORNIA_LINKS = {
  optOut: "Do Not Sell or Share My Personal Information",
  limit: "Limit the Use of My Sensitive Personal Information",
} as const;

const WORDS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
];

/**
 * A small count in words as the retailer template writes it (`five general purposes`); digits from 13 on.
 *
 * @example
 * numberWords(5); // "five"
 * numberWords(14); // "14"
 */
export function numberWords(n: number): string {
  return WORDS[n] ?? String(n);
}
