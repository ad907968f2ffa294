import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type Config, configSchema } from './schema.js';

export class ConfigError extends Error {}

/** Formats zod issues as "path: message" lines, the path being what the admin edits. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.join('.') || '(root)';
      if (i.code === 'unrecognized_keys') return `${[...i.path, ...i.keys].join('.')}: unknown key`;
      return `${path}: ${i.message}`;
    })
    .join('\n');
}

export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(`invalid ${source}:\n${formatIssues(result.error)}`);
  return result.data;
}

/** Reads vigie.yaml (missing file = all defaults), then applies the documented env and command-line overrides. */
export function loadConfig(
  path?: string,
  env: NodeJS.ProcessEnv = process.env,
  overrides: { role?: string | undefined } = {},
): Config {
  const file = path ?? env.VIGIE_CONFIG ?? 'vigie.yaml';
  let raw: unknown = {};
  if (existsSync(file)) {
    try {
      raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
    } catch (e) {
      throw new ConfigError(`cannot parse ${file}: ${(e as Error).message}`);
    }
  } else if (path) {
    throw new ConfigError(`config file not found: ${path}`);
  }
  const cfg = structuredClone(raw) as Record<string, Record<string, unknown> | string>;
  if (env.VIGIE_DATA_DIR) cfg.dataDir = env.VIGIE_DATA_DIR;
  if (env.VIGIE_DATABASE_URL) cfg.database = { ...(cfg.database as object), url: env.VIGIE_DATABASE_URL };
  if (env.VIGIE_HTTP_PORT) cfg.http = { ...(cfg.http as object), port: Number(env.VIGIE_HTTP_PORT) };
  if (env.VIGIE_LOG_LEVEL) cfg.log = { ...(cfg.log as object), level: env.VIGIE_LOG_LEVEL };
  // Before validation, so that the role's own rules (cluster, PostgreSQL) are checked against the one that runs.
  if (overrides.role) cfg.role = overrides.role;
  return parseConfig(cfg, file);
}

export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input' });
}
