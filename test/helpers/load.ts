import http from 'node:http';

/** One keep-alive connection sending requests one after another (a client that waits for each answer). */
export class SerialClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly baseUrl: string,
    localAddress?: string,
    sockets = 1,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, ...(localAddress ? { localAddress } : {}) });
  }

  request(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method, agent: this.agent, headers: body ? { ...headers, 'content-length': String(body.length) } : headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `once` in a loop until `stop()` returns true; resolves with how many iterations completed. */
export async function loop(once: () => Promise<unknown>, stop: () => boolean): Promise<number> {
  let n = 0;
  while (!stop()) {
    await once();
    n++;
  }
  return n;
}

export interface PhaseFigures {
  /** Good-client operations per wall-clock second. */
  perSecond: number;
  /** Good-client operations per second of this process's CPU time. */
  perCpuSecond: number;
}

export interface ThroughputResult {
  /** Median over rounds of loaded / unloaded good-client operations per CPU second. */
  ratio: number;
  /** The same per wall-clock second (noisier on a shared machine: other processes take CPU at random). */
  wallRatio: number;
  unloaded: PhaseFigures[];
  loaded: PhaseFigures[];
  /** Attacker operations per second in each loaded phase. */
  attacks: number[];
}

/**
 * Good-client throughput alone and under attack, in alternating short phases within one run, so that the
 * machine's load affects both alike. Server and clients share this process and its one event loop, so the
 * figure that decides is throughput per CPU second of the process: the share of the server's time the good
 * clients get, independent of how much CPU other processes on the machine leave us. Wall-clock figures are
 * reported beside it. A first round warms up and spends the attackers' bursts; it is not counted.
 */
export async function throughputRatio(opts: {
  rounds: number;
  phaseMs: number;
  goodRun: (stop: () => boolean) => Promise<number>[];
  attackRun: (stop: () => boolean) => Promise<number>[];
}): Promise<ThroughputResult> {
  const unloaded: PhaseFigures[] = [];
  const loaded: PhaseFigures[] = [];
  const attacks: number[] = [];
  const phase = async (): Promise<PhaseFigures> => {
    const end = performance.now() + opts.phaseMs;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const counts = await Promise.all(opts.goodRun(() => performance.now() >= end));
    const cpu = process.cpuUsage(cpu0);
    const wallS = (performance.now() - t0) / 1000;
    const total = counts.reduce((a, b) => a + b, 0);
    return { perSecond: total / wallS, perCpuSecond: total / ((cpu.user + cpu.system) / 1e6) };
  };
  // Round 0 warms up code paths and spends the attackers' bursts; it is not counted.
  for (let round = 0; round <= opts.rounds; round++) {
    if (round === 1) {
      unloaded.length = 0;
      loaded.length = 0;
      attacks.length = 0;
    }
    unloaded.push(await phase());
    let attacking = true;
    const t0 = performance.now();
    const attack = opts.attackRun(() => !attacking);
    await new Promise((resolve) => setTimeout(resolve, 50));
    loaded.push(await phase());
    attacking = false;
    attacks.push((await Promise.all(attack)).reduce((a, b) => a + b, 0) / ((performance.now() - t0) / 1000));
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    ratio: median(loaded.map((l, i) => l.perCpuSecond / unloaded[i]!.perCpuSecond)),
    wallRatio: median(loaded.map((l, i) => l.perSecond / unloaded[i]!.perSecond)),
    unloaded,
    loaded,
    attacks,
  };
}

/** A good client: steps a toy episode with a valid action, starting a new one whenever it ends. */
export async function goodClient(baseUrl: string, taskId = 'toy-small'): Promise<{ client: SerialClient; step: () => Promise<void> }> {
  const client = new SerialClient(baseUrl);
  const json = { 'content-type': 'application/json' };
  const reset = await client.request('POST', '/reset', { ...json, 'x-session-id': 'new' }, Buffer.from(JSON.stringify({ task_id: taskId, seed: 1 })));
  if (reset.status !== 200) throw new Error(`reset: ${reset.status} ${reset.text.slice(0, 200)}`);
  const session = String(reset.headers['x-session-id']);
  const action = Buffer.from('{"action":{"action_type":"inspect","service":"svc-a"}}');
  const step = async (): Promise<void> => {
    const res = await client.request('POST', '/step', { ...json, 'x-session-id': session }, action);
    if (res.status !== 200) throw new Error(`step: ${res.status} ${res.text.slice(0, 200)}`);
    if ((JSON.parse(res.text) as { done?: boolean }).done) {
      await client.request('POST', '/reset', { ...json, 'x-session-id': session }, Buffer.from(JSON.stringify({ task_id: taskId, seed: 1 })));
    }
  };
  return { client, step };
}
