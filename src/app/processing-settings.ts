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

/** The controller's name and contact: the public register's city and contact (`publicRegister` in vigie.yaml). */
function controllerOf(cfg: Config): ProcessingSettings['controller'] {
  const pr = cfg.publicRegister;
  const contact = [pr.contactEmail, pr.contactUrl].filter((v): v is string => !!v?.trim()).join(', ');
  return { name: pr.cityName?.trim() || null, contact: contact || null };
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
