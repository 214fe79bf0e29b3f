import { describe, expect, it } from "vitest";
import { truncateIp } from "./client-ip.js";

describe("truncateIp", () => {
  it("keeps the /24 of an IPv4 address", () => {
    expect(truncateIp("203.0.113.77")).toBe("203.0.113.0/24");
    expect(truncateIp("::ffff:198.51.100.9")).toBe("198.51.100.0/24");
  });
  it("keeps the /48 of an IPv6 address", () => {
    expect(truncateIp("2001:db8:85a3:8d3:1319:8a2e:370:7348")).toBe("2001:db8:85a3::/48");
    expect(truncateIp("2001:db8::1")).toBe("2001:db8::/48");
    expect(truncateIp("::1")).toBe("::/48");
    expect(truncateIp("fe80::1%eth0")).toBe("fe80::/48");
  });
  it("refuses anything that is not an address", () => {
    expect(truncateIp("unknown")).toBeUndefined();
    expect(truncateIp("")).toBeUndefined();
    expect(truncateIp(undefined)).toBeUndefined();
  });
});
