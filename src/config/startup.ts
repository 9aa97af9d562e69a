import { ConfigError, loadConfig, type Config } from './env.js';
import { FileConfigError, loadFileConfig, type FileConfig } from './settings.js';

/**
 * Both halves of the configuration at once: the environment and the WARROOM_CONFIG file. Every
 * problem in either is listed together, so one restart shows everything there is to fix.
 */
export function loadStartupConfig(env: NodeJS.ProcessEnv, opts: { requireSlack: boolean }): { config: Config; settings: FileConfig } {
  const problems: string[] = [];
  let config: Config | undefined;
  let settings: FileConfig | undefined;
  try {
    config = loadConfig(env, opts);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  try {
    settings = loadFileConfig(env.WARROOM_CONFIG === '' ? undefined : env.WARROOM_CONFIG);
  } catch (err) {
    if (!(err instanceof FileConfigError)) throw err;
    problems.push(...err.message.split('\n').filter((l) => l.startsWith('  - ') || l.startsWith('WARROOM_CONFIG (')).map((l) => l.replace(/^ {2}- /, 'WARROOM_CONFIG: ')));
  }
  if (problems.length > 0 || !config || !settings) throw new ConfigError(problems);
  return { config, settings };
}
