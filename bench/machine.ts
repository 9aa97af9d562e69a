import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import type { Redis } from 'ioredis';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  redis: string;
  redisHz: number;
  /** 1-minute load average when the run started: anything else busy on the machine skews every figure. */
  loadAverage1m: number;
}

export async function describeMachine(redis: Redis): Promise<Machine> {
  const info = await redis.info('server');
  const hz = await redis.config('GET', 'hz');
  const c = cpus();
  return {
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    redis: /^redis_version:(\S+)/m.exec(info)?.[1] ?? 'unknown',
    redisHz: Number(hz[1] ?? Number.NaN),
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
