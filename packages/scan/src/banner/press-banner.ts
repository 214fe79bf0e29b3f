import type { ElementHandle, Frame, JSHandle, Page } from "playwright-core";
import type { BannerObservation, ButtonObservation } from "../report/scan-report.js";
import {
  BANNER_SELECTORS,
  type BannerKind,
  BUTTON_TEXT,
  type ButtonRole,
  CLICKABLE_ROLES,
  OPTIONAL_SWITCH_SELECTOR,
} from "./banner-selectors.js";
import { DETECT_BUTTONS } from "./in-page-scripts.js";

type Metrics = Omit<ButtonObservation, "role" | "layer" | "kind" | "label">;

interface Candidate {
  role: ButtonRole;
  kind: BannerKind;
  label: string;
  metrics: Metrics;
  frame: Frame;
  /** The detection's result list in the page and this button's index in it. */
  list: JSHandle;
  index: number;
}

const TABLE = Object.entries(BANNER_SELECTORS).flatMap(([kind, roles]) =>
  Object.entries(roles).flatMap(([role, sels]) => (sels ?? []).map((sel) => ({ kind, role, sel }))),
);
const TEXTS = Object.entries(BUTTON_TEXT).map(([role, re]) => ({ role, source: re.source, flags: re.flags }));
const CLICKABLE = [
  "button",
  'input[type="button"]',
  'input[type="submit"]',
  ...CLICKABLE_ROLES.map((r) => `[role="${r}"]`),
  "a",
].join(", ");
const DETECT = `(${DETECT_BUTTONS})(${JSON.stringify({ table: TABLE, texts: TEXTS, clickable: CLICKABLE })})`;

/**
 * Visible banner buttons in every frame of the page (known banners first, then those found by their text),
 * measured in the same pass: one round trip per frame.
 */
async function detect(page: Page): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const frame of page.frames()) {
    try {
      const list = await frame.evaluateHandle(DETECT);
      const meta = (await list.evaluate((l: unknown) =>
        (l as { role: string; kind: string; label: string; metrics: unknown }[]).map(
          ({ role, kind, label, metrics }) => ({ role, kind, label, metrics }),
        ),
      )) as { role: ButtonRole; kind: BannerKind; label: string; metrics: Metrics }[];
      if (!meta.length) await list.dispose();
      meta.forEach((m, index) => {
        out.push({ ...m, frame, list, index });
      });
    } catch {
      // A frame that navigated or closed meanwhile has no banner to offer.
    }
  }
  return out;
}

async function handleOf(c: Candidate): Promise<ElementHandle | undefined> {
  const h = await c.list.evaluateHandle((l: unknown, n: number) => (l as { el: unknown }[])[n]?.el, c.index);
  return h.asElement() ?? undefined;
}

/** The best candidate for a role: of the banner's own kind if possible, a known kind before a text match. */
function pick(
  cands: Candidate[],
  role: ButtonRole,
  kind?: BannerKind,
  not?: Candidate[],
): Candidate | undefined {
  const of = cands.filter(
    (c) => c.role === role && !not?.some((n) => n.label === c.label && n.role === c.role),
  );
  return of.find((c) => c.kind === kind) ?? of.find((c) => c.kind !== "generic") ?? of[0];
}

const observation = (c: Candidate, layer: 1 | 2): ButtonObservation => ({
  role: c.role,
  layer,
  kind: c.kind,
  label: c.label,
  ...c.metrics,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `found` returns something or the time is up. */
async function poll<T>(
  page: Page,
  timeoutMs: number,
  found: (c: Candidate[]) => T | undefined,
): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = found(await detect(page));
    if (r !== undefined || Date.now() >= end || page.isClosed()) return r;
    await sleep(150);
  }
}

async function click(c: Candidate): Promise<boolean> {
  const el = await handleOf(c).catch(() => undefined);
  if (!el) return false;
  try {
    await el.click({ timeout: 3000 });
    return true;
  } catch {
    try {
      await el.evaluate((e) => (e as unknown as { click(): void }).click());
      return true;
    } catch {
      return false;
    }
  }
}

function layerOne(cands: Candidate[]): BannerObservation & { picks: Partial<Record<ButtonRole, Candidate>> } {
  const accept = pick(cands, "accept");
  const kind = (accept ?? cands[0])?.kind;
  const picks: Partial<Record<ButtonRole, Candidate>> = {};
  if (accept) picks.accept = accept;
  const reject = pick(cands, "reject", kind);
  if (reject) picks.reject = reject;
  const customise = pick(cands, "customise", kind);
  if (customise) picks.customise = customise;
  const buttons = Object.values(picks).map((c) => observation(c, 1));
  const obs: BannerObservation & { picks: Partial<Record<ButtonRole, Candidate>> } = {
    found: buttons.length > 0,
    buttons,
    clicks: null,
    pressed: [],
    picks,
  };
  if (kind && obs.found) obs.kind = kind;
  return obs;
}

/**
 * Looks for a consent banner without touching it (waiting up to `waitMs` for one to appear), and measures
 * its first-layer buttons.
 *
 * @example
 * const banner = await observeBanner(page); // { found: true, kind: "loupe", buttons: [...], clicks: null, pressed: [] }
 */
export async function observeBanner(page: Page, waitMs = 0): Promise<BannerObservation> {
  const cands = (await poll(page, waitMs, (c) => (c.length ? c : undefined))) ?? [];
  const { picks: _, ...obs } = layerOne(cands);
  return obs;
}

/**
 * Carries out "Accept all" or "Reject all" on the page's banner the shortest way it offers: the button on
 * the banner, else through its preferences ("Customise") with the dialog's own button, else (to reject) by
 * switching off every optional purpose and saving. Counts the clicks and measures the buttons on the way.
 * `clicks` is `null` when the action could not be carried out (no banner, or no way found). `beforePress`
 * runs once, right before the first click (to record the state before the choice).
 *
 * @example
 * const banner = await pressBanner(page, "reject-all", 3000);
 * banner.clicks; // 1 for a banner with a Reject all button
 */
export async function pressBanner(
  page: Page,
  action: "accept-all" | "reject-all",
  timeoutMs: number,
  beforePress: () => Promise<void> = async () => {},
): Promise<BannerObservation> {
  let pressedOnce = false;
  const press = async (c: Candidate): Promise<boolean> => {
    if (!pressedOnce) {
      pressedOnce = true;
      await beforePress();
    }
    return click(c);
  };
  const cands = (await poll(page, timeoutMs, (c) => (c.length ? c : undefined))) ?? [];
  const { picks, ...obs } = layerOne(cands);
  if (!obs.found) return obs;
  const role: ButtonRole = action === "accept-all" ? "accept" : "reject";
  const direct = picks[role];
  if (direct) {
    if (await press(direct)) {
      obs.pressed.push(direct.label);
      obs.clicks = 1;
    }
    return obs;
  }
  const customise = picks.customise;
  if (!customise || !(await press(customise))) return obs;
  obs.pressed.push(customise.label);
  const before = Object.values(picks);
  const second = await poll(page, Math.max(1000, timeoutMs / 2), (c) => {
    const target = pick(c, role, obs.kind, before);
    const save = pick(c, "save", obs.kind, before);
    return target || save ? { target, save } : undefined;
  });
  if (second?.target) {
    obs.buttons.push(observation(second.target, 2));
    if (await press(second.target)) {
      obs.pressed.push(second.target.label);
      obs.clicks = 2;
    }
    return obs;
  }
  if (second?.save && role === "reject") {
    obs.buttons.push(observation(second.save, 2));
    let clicks = 1;
    const switches = second.save.frame.locator(OPTIONAL_SWITCH_SELECTOR).filter({ visible: true });
    const n = await switches.count().catch(() => 0);
    for (let i = 0; i < n; i++) {
      try {
        // Each switch turned off leaves the list: always take the first one left.
        await switches.first().click({ timeout: 1000 });
        clicks++;
        obs.pressed.push("switch off");
      } catch {
        break;
      }
    }
    if (await press(second.save)) {
      obs.pressed.push(second.save.label);
      obs.clicks = clicks + 1;
    }
  }
  return obs;
}
