/** The GDPR Art. 30 record of processing activities, built from the data map. */

export * from "./build-ropa.js";
