import { isIP } from "node:net";
import type { Context } from "hono";

/**
 * The client's IP address: from `header` when the server sits behind a proxy that sets it (the first
 * address of a list such as `X-Forwarded-For`), else the socket's peer address. Undefined when unknown.
 *
 * @example
 * clientIp(c, "x-forwarded-for"); // "203.0.113.7"
 */
export function clientIp(c: Context, header?: string): string | undefined {
  if (header) {
    const value = c.req.header(header)?.split(",")[0]?.trim();
    if (value && isIP(stripPort(value))) return stripPort(value);
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const peer = env?.incoming?.socket?.remoteAddress;
  return peer && isIP(peer) ? peer : undefined;
}

function stripPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return v4?.[1] ?? value;
}

/**
 * Truncates an IP address before it is stored: IPv4 to its /24 (`203.0.113.0/24`), IPv6 to its /48
 * (`2001:db8:85a3::/48`); an IPv4-mapped IPv6 address counts as IPv4. Undefined for anything else.
 *
 * @example
 * truncateIp("203.0.113.77"); // "203.0.113.0/24"
 * truncateIp("2001:db8:85a3:8d3:1319:8a2e:370:7348"); // "2001:db8:85a3::/48"
 */
export function truncateIp(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  const address = mapped?.[1] ?? ip.split("%")[0] ?? ip;
  const version = isIP(address);
  if (version === 4) {
    const [a, b, c] = address.split(".");
    return `${a}.${b}.${c}.0/24`;
  }
  if (version === 6) {
    const groups = expandIpv6(address);
    if (!groups) return undefined;
    const head = groups.slice(0, 3).map((g) => Number.parseInt(g, 16).toString(16));
    while (head.length && head[head.length - 1] === "0") head.pop();
    return `${head.join(":")}::/48`;
  }
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded; an embedded IPv4 tail becomes two groups. */
function expandIpv6(address: string): string[] | undefined {
  let text = address.toLowerCase();
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [, a, b, c, d] = v4.map(Number) as [number, number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left, right] = text.split("::") as [string, string | undefined];
  const l = left ? left.split(":") : [];
  const r = right ? right.split(":") : [];
  const fill = right === undefined ? 0 : 8 - l.length - r.length;
  const groups = [...l, ...Array<string>(Math.max(fill, 0)).fill("0"), ...r];
  return groups.length === 8 ? groups : undefined;
}
