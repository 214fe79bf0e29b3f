import type { DenialBasis } from "./request-model.js";

export type Language = "en" | "es";

/**
 * The reason given to the requester for each denial basis, in each language (§7022, §7024, Art. 12(4)).
 * Staff pick a basis and may add a note; the template is what the requester reads first.
 *
 * @example
 * DENIAL_TEMPLATES.unverifiable.en; // "We could not verify your identity…"
 */
export const DENIAL_TEMPLATES: Record<DenialBasis | "duplicate", Record<Language, string>> = {
  unverifiable: {
    en: "We could not verify your identity to the degree the law requires for this request, so we cannot act on it. You may submit a new request with more information.",
    es: "No pudimos verificar su identidad en la medida que exige la ley para esta solicitud, por lo que no podemos atenderla. Puede enviar una nueva solicitud con más información.",
  },
  not_a_consumer: {
    en: "The privacy law that applies to this request does not cover the person it is about.",
    es: "La ley de privacidad aplicable a esta solicitud no cubre a la persona a la que se refiere.",
  },
  exempt: {
    en: "The information is covered by a legal exemption (for example, records we must keep by law), so we cannot act on this request for it.",
    es: "La información está cubierta por una excepción legal (por ejemplo, registros que la ley nos obliga a conservar), por lo que no podemos atender esta solicitud respecto de ella.",
  },
  fraud_documented: {
    en: "We have a documented, good-faith reason to believe this request is fraudulent.",
    es: "Tenemos un motivo documentado y de buena fe para creer que esta solicitud es fraudulenta.",
  },
  manifestly_unfounded_excessive: {
    en: "This request is manifestly unfounded or excessive, in particular because it repeats earlier requests.",
    es: "Esta solicitud es manifiestamente infundada o excesiva, en particular porque repite solicitudes anteriores.",
  },
  frequency_limit: {
    en: "You have already received this disclosure as often as the law provides in this period (for example, once per calendar year).",
    es: "Ya ha recibido esta información tantas veces como prevé la ley en este período (por ejemplo, una vez por año natural).",
  },
  duplicate: {
    en: "We are already handling the same request from you; you will receive one answer for both.",
    es: "Ya estamos tramitando la misma solicitud suya; recibirá una sola respuesta para ambas.",
  },
};
