// What the record of processing needs from vigie.yaml (core never reads the configuration itself).
import type { Config } from '../config/schema.js';
import type { ProcessingSettings } from '../core/legal/processing-record.js';

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * The controller's name and contact come from the public register's section when the configuration has one
 * (`publicRegister.cityName`, `publicRegister.contact`); read loosely so that this works before and after that section
 * exists.
 */
function controllerOf(cfg: Config): ProcessingSettings['controller'] {
  const pr = (cfg as unknown as { publicRegister?: Record<string, unknown> }).publicRegister ?? {};
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const contact = pr.contact;
  const contactText =
    text(contact) ??
    (contact && typeof contact === 'object'
      ? Object.values(contact as Record<string, unknown>)
          .map(text)
          .filter(Boolean)
          .join(', ') || null
      : null);
  return { name: text(pr.cityName), contact: contactText };
}

export function processingSettings(cfg: Config): ProcessingSettings {
  return {
    controller: controllerOf(cfg),
    timeZone: cfg.legal.timeZone,
    retentionDefaultDays: cfg.retention.days,
    sessionTtlHours: cfg.auth.sessionTtlHours,
    loginMaxFailures: cfg.auth.loginMaxFailures,
    loginWindowMinutes: cfg.auth.loginWindowMinutes,
    anchorIntervalMinutes: cfg.audit.anchorIntervalMinutes,
    holdsMaxPercent: cfg.recordings.holdsMaxPercent,
    mqttHost: cfg.integrations.mqtt ? hostOf(cfg.integrations.mqtt.url) : null,
    webhookHosts: [...new Set(cfg.integrations.webhooks.map((w) => hostOf(w.url)))],
  };
}
