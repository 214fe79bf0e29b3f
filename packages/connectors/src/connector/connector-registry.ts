import type { ConnectorKind } from "@loupe/core";
import type { ConnectorFactory } from "./connector.js";

const factories = new Map<ConnectorKind, ConnectorFactory>();

/**
 * Makes a connector kind available to the engine (the store connectors register themselves; the HTTP and manual
 * connectors register theirs the same way). A later registration replaces an earlier one.
 *
 * @example
 * registerConnector("http", (ctx) => new HttpConnector(ctx));
 */
export function registerConnector(kind: ConnectorKind, factory: ConnectorFactory): void {
  factories.set(kind, factory);
}

/**
 * The factory registered for a kind, if any.
 *
 * @example
 * connectorFactory("postgres"); // the PostgreSQL factory
 */
export function connectorFactory(kind: ConnectorKind): ConnectorFactory | undefined {
  return factories.get(kind);
}
