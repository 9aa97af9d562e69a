import type { TestProject } from 'vitest/node';
import { startRedisCluster } from './redis-cluster.js';

/** Global setup of `npm run test:cluster`: one local 3-master cluster shared by the files that run on it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startRedisCluster({ masters: 3, replicas: 0, fullCoverage: true });
  const first = cluster.nodes.split(',')[0] ?? '';
  project.provide('redisUrl', `redis://${first}`);
  project.provide('clusterNodes', cluster.nodes);
  return () => cluster.stop();
}
