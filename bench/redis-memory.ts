import type { Redis } from 'ioredis';

function field(info: string, name: string): number {
  const m = new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info);
  if (!m?.[1]) throw new Error(`INFO has no ${name}`);
  return Number(m[1]);
}

/** `used_memory` from INFO memory, bytes. */
export async function usedMemory(redis: Redis): Promise<number> {
  return field(await redis.info('memory'), 'used_memory');
}

/** CPU time redis-server used so far (user + system), µs. */
export async function redisCpuUs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return (field(info, 'used_cpu_user') + field(info, 'used_cpu_sys')) * 1e6;
}
