#!/usr/bin/env node
// One Herald node versus two clustered nodes, both behind nginx (conf/nginx.conf with the listen port and the node
// lines replaced), on one external PostgreSQL, driven by the fan-out load tool (../shared/bench/loadgen.js).
// Started by bench/cluster.sh, which builds the jar and runs the PostgreSQL; see bench/cluster.md for the results.
//   node bench/cluster.js --pg-port 5432 [--n 3000] [--count 10] [--interval-ms 500] [--targeted-n 300] [--rate 100]
//     [--heap 384m] [--rounds 3] [--out bench/cluster-results.json]
//   node bench/cluster.js --summarize bench/cluster-results.json   (the Markdown tables of bench/cluster.md)
// Every process started here (nodes, nginx, load tool) is stopped by its own PID.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const crypto = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');

const ROOT = path.resolve(__dirname, '..');
const TOOL = process.env.BENCH_TOOL || path.resolve(ROOT, '..', 'shared', 'bench');
const { jwt, freePort, sleep } = require(path.join(TOOL, 'herald.js'));

const { values: o } = parseArgs({ options: {
  'pg-port': { type: 'string' }, n: { type: 'string', default: '3000' }, count: { type: 'string', default: '10' },
  'interval-ms': { type: 'string', default: '500' }, 'targeted-n': { type: 'string', default: '300' },
  rate: { type: 'string', default: '100' }, heap: { type: 'string', default: '384m' }, rounds: { type: 'string', default: '3' },
  out: { type: 'string', default: path.join(ROOT, 'bench', 'cluster-results.json') },
  summarize: { type: 'string' },
} });
const N = Number(o.n), TARGETED_N = Number(o['targeted-n']);
const ADMIN_PASSWORD = 'bench-admin-Pw-1234567';
const JWT_SECRET = crypto.randomBytes(32).toString('hex');
const JAR = path.join(ROOT, 'target', 'herald.jar');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-cluster-bench-'));
const started = [];

function commonEnv() {
  return {
    HERALD_HTTP_HOST: '127.0.0.1', HERALD_PG_HOST: '127.0.0.1', HERALD_PG_PORT: o['pg-port'], HERALD_PG_DATABASE: 'postgres',
    HERALD_PG_USER: 'postgres', HERALD_PG_PASSWORD: '', HERALD_ADMIN_PASSWORD: ADMIN_PASSWORD, HERALD_JWT_SECRET: JWT_SECRET,
    HERALD_BCRYPT_COST: '4', HERALD_LOG_LEVEL: 'WARN', HERALD_TRUSTED_PROXIES: '127.0.0.1',
    HERALD_WS_FRAMES_PER_SECOND: '100000', HERALD_WS_FRAME_BURST: '100000', HERALD_WS_MAX_SOCKETS_PER_IP: '100000',
    HERALD_NOTIFICATIONS_PER_USER: '1000000', HERALD_BROADCASTS_PER_USER: '1000000', HERALD_LOGINS_PER_ADDRESS: '1000000',
    HERALD_RETENTION_INTERVAL_MINUTES: '0',
    JAVA_TOOL_OPTIONS: `-Xms${o.heap} -Xmx${o.heap}`,
  };
}

/** Starts `size` nodes (clustered when more than one) and waits until each is ready with every member. */
async function startNodes(size) {
  const http = [], hz = [];
  for (let i = 0; i < size; i++) { http.push(await freePort()); hz.push(await freePort()); }
  const clusterName = 'herald-bench-' + crypto.randomBytes(4).toString('hex');
  const nodes = [];
  for (let i = 0; i < size; i++) {
    const env = { ...process.env, ...commonEnv(), HERALD_HTTP_PORT: String(http[i]), HERALD_DATA_DIR: fs.mkdtempSync(path.join(work, 'node-')) };
    if (size > 1) {
      Object.assign(env, { HERALD_CLUSTERED: 'true', HERALD_CLUSTER_HOST: '127.0.0.1', HERALD_CLUSTER_NAME: clusterName,
        HERALD_CLUSTER_MEMBERS: hz.map((p) => '127.0.0.1:' + p).join(','), HERALD_CLUSTER_PORT: String(hz[i]),
        HERALD_EVENTBUS_PORT: String(await freePort()) });
    }
    const log = fs.openSync(path.join(work, `node${i + 1}-of-${size}.log`), 'a');
    const proc = spawn('java', ['-jar', JAR], { cwd: ROOT, env, stdio: ['ignore', log, log] });
    started.push(proc);
    nodes.push({ name: `node${i + 1}`, port: http[i], proc });
  }
  const deadline = Date.now() + 180000;
  for (const node of nodes) {
    while (!(await ready(node, size))) {
      if (node.proc.exitCode !== null || Date.now() > deadline) throw new Error(`${node.name} not ready; see ${work}`);
      await sleep(500);
    }
  }
  return nodes;
}

async function ready(node, size) {
  try {
    const r = await fetch(`http://127.0.0.1:${node.port}/health/ready`);
    if (r.status !== 200) return false;
    if (size === 1) return true;
    const cluster = (await r.json()).checks.find((c) => c.id === 'cluster');
    return cluster && cluster.data.members === size;
  } catch { return false; }
}

async function stop(proc) {
  if (!proc || proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  for (let i = 0; i < 150 && proc.exitCode === null; i++) await sleep(100);
  if (proc.exitCode === null) proc.kill('SIGKILL');
}

/** nginx with the shipped configuration, only its listen address and node lines replaced (as the tests do). */
async function startNginx(nodes) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(work, 'nginx-'));
  const shipped = fs.readFileSync(path.join(ROOT, 'conf', 'nginx.conf'), 'utf8');
  const block = /(# nodes: begin\n)([\s\S]*?)(\n\s*# nodes: end)/.exec(shipped);
  const indent = block[2].slice(0, block[2].indexOf('server'));
  const params = /server \S+ ([^;]*);/.exec(block[2])[1];
  const servers = nodes.map((n) => `${indent}server 127.0.0.1:${n.port} ${params};`).join('\n');
  const conf = shipped.slice(0, block.index + block[1].length) + servers + shipped.slice(block.index + block[1].length + block[2].length);
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf.replace('listen 80;', `listen 127.0.0.1:${port};`));
  const proc = spawn('/usr/sbin/nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'),
    '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')};`], { stdio: 'ignore' });
  started.push(proc);
  for (let i = 0; i < 100; i++) {
    try { await fetch(`http://127.0.0.1:${port}/health`); return { port, proc }; } catch { await sleep(100); }
  }
  throw new Error('nginx did not start; see ' + dir);
}

async function call(port, method, p, token, body) {
  const r = await fetch(`http://127.0.0.1:${port}${p}`, { method, headers: { 'content-type': 'application/json',
    ...(token ? { authorization: 'Bearer ' + token } : {}) }, body: body && JSON.stringify(body) });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${p} -> ${r.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

async function adminToken(port) {
  return (await call(port, 'POST', '/api/v1/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD })).access_token;
}

/** N real porters, tokens forged with the nodes' secret (the same claims as a login). */
async function porters(port, admin) {
  const lines = new Array(N); let next = 0; const t0 = Date.now();
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < N) {
      const i = next++;
      const username = `cb${i}_${t0}`;
      const user = await call(port, 'POST', '/api/v1/users', admin, { username, password: 'bench-password-1', role: 'porter' });
      const exp = Math.floor(Date.now() / 1000) + 7200;
      lines[i] = `${user.id} ${jwt({ sub: String(user.id), username, role: 'porter', iat: exp - 7200, exp }, JWT_SECRET)}`;
    }
  }));
  const file = path.join(work, 'tokens.txt');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  fs.writeFileSync(path.join(work, 'tokens-targeted.txt'), lines.slice(0, TARGETED_N).join('\n') + '\n');
  console.error(`created ${N} porters in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

function stat(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
    return { cpu: (+f[11] + +f[12]) / 100, rss };
  } catch { return { cpu: 0, rss: 0 }; }
}

/** The node's live heap after a full GC, KiB (jcmd: GC.run, then GC.heap_info). */
function liveHeapKiB(pid) {
  spawnSync('jcmd', [String(pid), 'GC.run']);
  const used = /used (\d+)K/.exec(spawnSync('jcmd', [String(pid), 'GC.heap_info']).stdout.toString());
  return used ? Number(used[1]) : null;
}

function nginxPids(master) {
  const children = spawnSync('pgrep', ['-P', String(master)]).stdout.toString().split('\n').filter(Boolean).map(Number);
  return [master, ...children];
}

async function sockets(node) {
  try { return (await call(node.port, 'GET', '/api/v1/websocket/health')).connections; } catch { return -1; }
}

/**
 * Samples every node's RSS and sockets while the load tool runs; CPU seconds over the whole run. With `holding` (the
 * number of sockets the load tool opens) also each node's live heap, before and once every socket is open.
 */
function sampler(nodes, nginx, holding) {
  const heapBefore = holding ? nodes.map((n) => liveHeapKiB(n.proc.pid)) : null;
  let heapHolding = null;
  const before = nodes.map((n) => stat(n.proc.pid));
  const nginxBefore = nginxPids(nginx.proc.pid).reduce((a, pid) => a + stat(pid).cpu, 0);
  const peak = nodes.map(() => ({ sockets: 0, rss: 0 }));
  let running = true;
  const loop = (async () => {
    while (running) {
      await Promise.all(nodes.map(async (n, i) => {
        const s = await sockets(n);
        if (s > peak[i].sockets) peak[i] = { sockets: s, rss: stat(n.proc.pid).rss };
      }));
      if (holding && !heapHolding && peak.reduce((a, p) => a + p.sockets, 0) >= holding) {
        heapHolding = nodes.map((n) => liveHeapKiB(n.proc.pid));
      }
      await sleep(500);
    }
  })();
  const t0 = Date.now();
  return async () => {
    running = false;
    await loop;
    const seconds = (Date.now() - t0) / 1000;
    const nginxCpu = nginxPids(nginx.proc.pid).reduce((a, pid) => a + stat(pid).cpu, 0) - nginxBefore;
    return {
      nodes: nodes.map((n, i) => {
        const after = stat(n.proc.pid);
        return { node: n.name, idle_rss_kib: before[i].rss, peak_sockets: peak[i].sockets, rss_at_peak_kib: peak[i].rss,
          kib_per_socket: peak[i].sockets > 0 ? +((peak[i].rss - before[i].rss) / peak[i].sockets).toFixed(1) : null,
          ...(heapHolding ? { live_heap_before_kib: heapBefore[i], live_heap_holding_kib: heapHolding[i],
            heap_kib_per_socket: +((heapHolding[i] - heapBefore[i]) / peak[i].sockets).toFixed(1) } : {}),
          cpu_pct: +(((after.cpu - before[i].cpu) / seconds) * 100).toFixed(0) };
      }),
      nginx_cpu_pct: +((nginxCpu / seconds) * 100).toFixed(0),
    };
  };
}

function loadgen(args, out) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(TOOL, 'loadgen.js'), ...args, '--out', out], { stdio: ['ignore', 'inherit', 'inherit'] });
    started.push(p);
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(fs.readFileSync(out, 'utf8'))) : reject(new Error('loadgen exited ' + code))));
  });
}

function loadavg() {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

const common = (port, tokens, n, admin) => ['--proto', 'herald', '--port', String(port), '--n', String(n), '--tokens-file', tokens,
  '--url', 'ws://{host}:{port}/ws/notifications?token={token}', '--ready-type', 'connected',
  '--header', `authorization: Bearer ${admin}`, '--timeout-s', '300', '--notify-type', 'notification', '--payload-path', 'data.data'];

/** Broadcasts to every porter, sockets and the trigger both through nginx. */
async function broadcast(label, nodes, nginx, tokens, admin, warmup) {
  const args = [...common(nginx.port, tokens, N, admin), '--mode', 'broadcast', '--count', warmup ? '3' : o.count,
    '--interval-ms', o['interval-ms'], '--drain-ms', '10000', '--broadcast-url', 'http://{host}:{port}/api/v1/notifications/broadcast',
    '--body', '{"roles":["porter"],"title":"bench","message":"m {seq}","data":{"sent_at":{sent_at},"seq":{seq}}}'];
  return measured(label, nodes, nginx, args, warmup);
}

/** Opens every porter's socket through nginx and holds them: sockets per node and live heap per socket. */
async function hold(label, nodes, nginx, tokens, admin) {
  const args = [...common(nginx.port, tokens, N, admin), '--mode', 'broadcast', '--count', '1', '--drain-ms', '10000',
    '--broadcast-url', 'http://{host}:{port}/api/v1/notifications/broadcast',
    '--body', '{"roles":["porter"],"title":"bench","message":"m {seq}","data":{"sent_at":{sent_at},"seq":{seq}}}'];
  return measured(label, nodes, nginx, args, false, N);
}

/** One notification per POST to one user: sockets on `socketNode`, the POSTs to `producer`. */
async function targeted(label, nodes, nginx, socketNode, producer, admin, warmup) {
  const args = [...common(socketNode.port, path.join(work, 'tokens-targeted.txt'), TARGETED_N, admin), '--mode', 'targeted',
    '--rate', o.rate, '--duration-s', warmup ? '2' : '10', '--notify-url', `http://{host}:${producer.port}/api/v1/notifications`,
    '--body', '{"user_ids":[{user}],"title":"bench","message":"m {seq}","data":{"sent_at":{sent_at},"seq":{seq}}}'];
  return measured(label, nodes, nginx, args, warmup);
}

async function measured(label, nodes, nginx, args, warmup, holding) {
  const load = loadavg();
  const done = sampler(nodes, nginx, holding);
  const result = await loadgen(args, path.join(work, label.replace(/\W+/g, '-') + (warmup ? '.warmup' : '') + '.json'));
  const sampled = await done();
  if (warmup) return null;
  return { label, loadavg_before: load, loadavg_after: loadavg(), opened: result.opened, expected: result.expected,
    received: result.received, lost: result.lost, duplicates: result.duplicates, latency_ms: result.latency_ms,
    fanout_ms: result.fanout_ms, delivered_per_s: result.delivered_per_s, loadgen_cpu_pct: result.loadgen_cpu_pct,
    errors: result.errors, ...sampled };
}

/** A deployment: its nodes and the nginx in front of them. */
async function deployment(name, size) {
  const nodes = await startNodes(size);
  const nginx = await startNginx(nodes);
  return { name, nodes, nginx };
}

/** One round: every case on each deployment in turn, so both see the same machine load. */
async function round(deployments, tokens, admin, warmup) {
  const results = [];
  for (const d of deployments) {
    results.push(await broadcast(`${d.name}: broadcast through nginx`, d.nodes, d.nginx, tokens, admin, warmup));
  }
  for (const d of deployments) {
    const [a, b] = d.nodes.length === 1 ? [d.nodes[0], d.nodes[0]] : d.nodes;
    results.push(await targeted(`${d.name}: targeted, producer and socket on one node`, d.nodes, d.nginx, b, b, admin, warmup));
    if (a !== b) {
      results.push(await targeted(`${d.name}: targeted, producer on node 1, socket on node 2`, d.nodes, d.nginx, b, a, admin, warmup));
    }
  }
  return results.filter(Boolean);
}

/** Markdown: one row per case and round, then the medians over the rounds. */
function summary(run) {
  const ms = (x) => (x == null ? '-' : Math.round(x));
  const rows = ['| round | case | load avg (1 min) | p50 ms | p99 ms | broadcast fan-out p50 ms | sockets per node | KiB RSS per socket | KiB live heap per socket | CPU % per node | nginx CPU % |',
    '|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of run.results) {
    rows.push(`| ${r.round} | ${r.label} | ${r.loadavg_before.split(' ')[0]} | ${ms(r.latency_ms.p50)} | ${ms(r.latency_ms.p99)} | `
      + `${r.fanout_ms ? ms(r.fanout_ms.p50) : '-'} | ${r.nodes.map((n) => n.peak_sockets).join(' + ')} | `
      + `${r.fanout_ms ? r.nodes.map((n) => n.kib_per_socket ?? '-').join(' / ') : '-'} | `
      + `${r.nodes.map((n) => n.heap_kib_per_socket ?? '-').join(' / ')} | ${r.nodes.map((n) => n.cpu_pct).join(' + ')} | ${r.nginx_cpu_pct} |`);
  }
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; };
  rows.push('', '| case (median of the rounds) | p50 ms | p99 ms | lost | duplicates |', '|---|---|---|---|---|');
  for (const label of [...new Set(run.results.map((r) => r.label))]) {
    const of = run.results.filter((r) => r.label === label);
    rows.push(`| ${label} | ${ms(median(of.map((r) => r.latency_ms.p50)))} | ${ms(median(of.map((r) => r.latency_ms.p99)))} | `
      + `${of.reduce((a, r) => a + r.lost, 0)} | ${of.reduce((a, r) => a + r.duplicates, 0)} |`);
  }
  return rows.join('\n');
}

(async () => {
  if (o.summarize) {
    console.log(summary(JSON.parse(fs.readFileSync(o.summarize, 'utf8'))));
    return;
  }
  const run = { started: new Date().toISOString(), cpus: os.cpus().length, cpu_model: os.cpus()[0].model,
    mem_gib: +(os.totalmem() / 2 ** 30).toFixed(1), java: spawnSync('java', ['-version']).stderr.toString().split('\n')[0],
    nginx: spawnSync('/usr/sbin/nginx', ['-v']).stderr.toString().trim(), settings: o, results: [] };
  // both deployments run side by side on the one database and are measured in turn, round after round, in the
  // other order every other round
  const deployments = [await deployment('one node', 1), await deployment('two nodes', 2)];
  const admin = await adminToken(deployments[0].nodes[0].port);
  const tokens = await porters(deployments[0].nodes[0].port, admin);
  await round(deployments, tokens, admin, true);
  for (const d of deployments) run.results.push({ round: 0, ...await hold(`${d.name}: ${N} sockets held`, d.nodes, d.nginx, tokens, admin) });
  for (let r = 1; r <= Number(o.rounds); r++) {
    const order = r % 2 === 1 ? deployments : [...deployments].reverse();
    for (const result of await round(order, tokens, admin, false)) run.results.push({ round: r, ...result });
  }
  run.finished = new Date().toISOString();
  fs.writeFileSync(o.out, JSON.stringify(run, null, 2) + '\n');
  console.log(summary(run));
  console.error('results in ' + o.out + '; logs in ' + work);
})().catch((e) => { console.error(e); process.exitCode = 1; })
  .finally(async () => { for (const p of started) await stop(p); });
