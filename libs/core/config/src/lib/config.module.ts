import { existsSync } from 'node:fs';
import { Global, Module } from '@nestjs/common';
import { AppConfig, parseConfig } from './app-config';

let cached: AppConfig | undefined;

/**
 * Reads `.env` (when present, never overriding the real environment) and validates once. `overrides` are
 * what an entry point fixes whatever the environment says (the worker always runs the processors).
 */
export function loadAppConfig(reload = false, overrides: Record<string, string> = {}): AppConfig {
  if (cached && !reload) return cached;
  if (existsSync('.env')) process.loadEnvFile('.env');
  cached = parseConfig({ ...process.env, ...overrides });
  return cached;
}

@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadAppConfig() }],
  exports: [AppConfig],
})
export class ConfigModule {}
