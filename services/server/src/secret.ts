/** The HS256 secret: GEARBOX_JWT_SECRET, or one generated once and kept in the data folder. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function jwtSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): { secret: string; source: 'env' | 'file' | 'generated' } {
  if (env.GEARBOX_JWT_SECRET) return { secret: env.GEARBOX_JWT_SECRET, source: 'env' };
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), source: 'file' };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, source: 'generated' };
}
