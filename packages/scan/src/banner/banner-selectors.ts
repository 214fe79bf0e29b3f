/**
 * Everything the scanner needs to recognise a consent banner, in one place so that it can be adapted when
 * a banner changes: the CSS selectors of the buttons per banner product, the button texts of banners the
 * list does not know, the selector of gated scripts, and where Loupe's banner learns its regime.
 *
 * Loupe's own banner marks its buttons with `data-loupe-action`; CSS selectors reach into open shadow
 * roots, where Loupe's banner renders.
 */

/** What a banner button does. `save` confirms the choices made in a preferences dialog. */
export type ButtonRole = "accept" | "reject" | "customise" | "save";

/** Banner products the scanner knows by their markup; `generic` is any banner found by button text. */
export const BANNER_KINDS = [
  "loupe",
  "onetrust",
  "cookiebot",
  "didomi",
  "cookieyes",
  "usercentrics",
  "cookieconsent",
  "klaro",
  "generic",
] as const;
export type BannerKind = (typeof BANNER_KINDS)[number];

/** The attribute of Loupe's banner buttons: `accept-all`, `reject-all`, `customise`, `save`. */
export const LOUPE_ACTION_ATTRIBUTE = "data-loupe-action";

const loupe = (action: string) => `[${LOUPE_ACTION_ATTRIBUTE}="${action}"]`;

/** CSS selectors of each known banner's buttons. The first layer and the preferences dialog share them. */
export const BANNER_SELECTORS: Record<
  Exclude<BannerKind, "generic">,
  Partial<Record<ButtonRole, string[]>>
> = {
  loupe: {
    accept: [loupe("accept-all")],
    reject: [loupe("reject-all")],
    customise: [loupe("customise")],
    save: [loupe("save")],
  },
  onetrust: {
    accept: ["#onetrust-accept-btn-handler", "#accept-recommended-btn-handler"],
    reject: ["#onetrust-reject-all-handler", ".ot-pc-refuse-all-handler"],
    customise: ["#onetrust-pc-btn-handler"],
    save: [".save-preference-btn-handler"],
  },
  cookiebot: {
    accept: [
      "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll",
      "#CybotCookiebotDialogBodyButtonAccept",
    ],
    reject: ["#CybotCookiebotDialogBodyButtonDecline"],
    customise: ["#CybotCookiebotDialogBodyButtonDetails", "#CybotCookiebotDialogBodyLevelButtonCustomize"],
    save: ["#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection"],
  },
  didomi: {
    accept: ["#didomi-notice-agree-button"],
    reject: ["#didomi-notice-disagree-button", ".didomi-continue-without-agreeing"],
    customise: ["#didomi-notice-learn-more-button"],
    save: [".didomi-consent-popup-actions .didomi-button-standard"],
  },
  cookieyes: {
    accept: [".cky-btn-accept"],
    reject: [".cky-btn-reject"],
    customise: [".cky-btn-customize"],
    save: [".cky-btn-preferences"],
  },
  usercentrics: {
    accept: ['[data-testid="uc-accept-all-button"]'],
    reject: ['[data-testid="uc-deny-all-button"]'],
    customise: ['[data-testid="uc-more-button"]'],
    save: ['[data-testid="uc-save-button"]'],
  },
  cookieconsent: {
    accept: ['[data-role="all"]', ".cc-allow"],
    reject: ['[data-role="necessary"]', ".cc-deny"],
    customise: ['[data-role="show"]'],
    save: ['[data-role="save"]'],
  },
  klaro: {
    accept: [".cm-btn-accept-all"],
    reject: [".cm-btn-decline"],
    customise: [".cn-learn-more"],
    save: [".cm-btn-accept"],
  },
};

/**
 * Accessible names of buttons (and links styled as buttons) of banners the selectors do not know. Anchored:
 * the whole name must match, so that "Accept all" in running text is not taken for a button.
 */
export const BUTTON_TEXT: Record<ButtonRole, RegExp> = {
  accept:
    /^\s*(accept|allow|agree)( to)?( all| everything)?( cookies)?( and (close|continue))?\s*$|^\s*(i agree|i accept|ok(ay)?|got it|yes,? i agree)\s*$/i,
  reject:
    /^\s*(reject|decline|deny|refuse|disagree)( all)?( cookies)?\s*$|^\s*(only|use only)? ?(strictly )?(necessary|essential)( cookies)?( only)?\s*$|^\s*continue without accepting\s*$/i,
  customise:
    /^\s*(customi[sz]e|personali[sz]e|manage|more options|settings|preferences|cookie (settings|preferences)|manage (settings|preferences|cookies|choices|options)|show (details|purposes))\s*$/i,
  save: /^\s*(save|confirm)( my)?( choices| settings| preferences| selection)?\s*$|^\s*allow selection\s*$/i,
};

/** Elements whose accessible name is compared with {@link BUTTON_TEXT}. */
export const CLICKABLE_ROLES = ["button", "link"] as const;

/** Switches a preferences dialog may leave on; unchecking each counts as one click. */
export const OPTIONAL_SWITCH_SELECTOR =
  'input[type="checkbox"]:checked:not(:disabled), [role="switch"][aria-checked="true"]:not([aria-disabled="true"])';

/** Scripts gated by Loupe's banner before they run (`type="text/plain"`) and after (any other type). */
export const GATED_SCRIPT_SELECTOR = "script[data-loupe-purpose]";
/** The attribute naming the purposes a gated element needs, separated by spaces. */
export const GATED_PURPOSE_ATTRIBUTE = "data-loupe-purpose";

/**
 * Paths of the JSON answer in which Loupe's server tells the banner the regime (`opt-in` or `opt-out`) and
 * the region it decided for the visitor; the scanner reads it to report what the site did.
 */
export const REGIME_CONFIG_PATHS = ["/api/v1/consent/config"];
