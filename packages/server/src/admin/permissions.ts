/** The console's roles, most powerful first. */
export const ROLES = ["admin", "analyst", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * The one permission table: what each role may do in the console. Viewers see aggregates and the data map;
 * analysts also see personal data (the outbox) and the audit log, and act on requests; admins also manage
 * staff accounts.
 */
export const PERMISSIONS = {
  "account.manage": ["admin", "analyst", "viewer"],
  "dashboard.view": ["admin", "analyst", "viewer"],
  "datamap.view": ["admin", "analyst", "viewer"],
  "outbox.view": ["admin", "analyst"],
  "audit.view": ["admin", "analyst"],
  "audit.verify": ["admin", "analyst"],
  "users.manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Whether a role holds a permission, from {@link PERMISSIONS}.
 *
 * @example
 * can("viewer", "outbox.view"); // false
 * can("admin", "users.manage"); // true
 */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * Whether a value is one of the console's roles.
 *
 * @example
 * isRole("analyst"); // true
 */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
