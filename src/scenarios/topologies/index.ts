import type { Rng } from '../../lib/index.js';
import { dataPipeline } from './data-pipeline.js';
import { loginStack } from './login-stack.js';
import { onlineShop } from './online-shop.js';
import { randomDag } from './random-dag.js';
import { socialNetwork } from './social-network.js';
import type { Topology, TopologyTemplate } from './topology.js';

export const TOPOLOGY_TEMPLATES: readonly TopologyTemplate[] = [onlineShop, socialNetwork, loginStack, dataPipeline];

/** Builds a named template, or `random-dag` of `size` services. */
export function buildTopology(id: string, rng: Rng, size = 12): Topology {
  if (id === 'random-dag') return randomDag(rng, size);
  const t = TOPOLOGY_TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(`unknown topology template '${id}'`);
  return t.build(rng);
}

export { randomDag, RANDOM_DAG_SIZE } from './random-dag.js';
export { sizeTopology, topologicalOrder } from './sizing.js';
export { consumedQueues, randomVersion, type Topology, type TopologyTemplate } from './topology.js';
