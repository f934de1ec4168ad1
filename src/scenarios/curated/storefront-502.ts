import { onlineShop } from '../topologies/online-shop.js';
import { DEFAULT_GOAL, curated, harmlessRelease, serviceOf } from './curated.js';

export const storefront502 = curated({
  id: 'storefront-502-v1',
  name: 'Storefront returning 502 everywhere',
  difficulty: 'medium',
  description: 'Every page of the shop times out with 502 at the edge within a minute of a routine change, while request rates are flat. A front-end release from earlier is the obvious suspect but not the cause.',
  title: 'Edge 5xx rate above 50%',
  goal: DEFAULT_GOAL,
  max_steps: 40,
  topology: onlineShop,
  stage(t, rng) {
    // Standing warnings elsewhere: a certificate that expires soon and a worker volume filling slowly.
    serviceOf(t, 'product-catalog').cert_expires_in_minutes = rng.int(2, 5) * 1440;
    const accounting = serviceOf(t, 'accounting');
    accounting.disk_total_gb = 20;
    accounting.disk_used_gb = Math.round(rng.float(17.6, 18.4) * 10) / 10;
    return {
      faults: [{ id: 'edge-rules', kind: 'regex_cpu_blowup', service: 'frontend-proxy', onset: 0 }],
      deploys: [harmlessRelease(t, 'frontend', rng.int(15, 35), 'Move product grid to server components')],
    };
  },
  card: {
    modelled_on: 'Global configuration pushes that bypass staged rollout: a web-application-firewall rule with a catastrophically backtracking regular expression, deployed to every edge node at once, pinned every CPU (a widely read 2019 CDN postmortem).',
    what_you_see: 'Critical error, latency and CPU alerts at the edge, two unrelated warnings elsewhere (a certificate that expires in a few days, a volume filling slowly), and a front-end release from half an hour earlier.',
    scoring_notes: 'Undoing the unrelated release costs time and changes nothing; scaling does not outrun the cost per request.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
