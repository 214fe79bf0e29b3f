export { type AdminTables, type ConsoleDb, consoleDb } from "./admin-tables.js";
export { type AdminUser, createAdminUser, ensureFirstAdmin } from "./admin-users.js";
export { type AdminConsoleOptions, createAdminConsole, SESSION_COOKIE } from "./create-admin-console.js";
export { PERMISSIONS, type Permission, ROLES, type Role } from "./permissions.js";
