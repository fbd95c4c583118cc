#!/usr/bin/env node
// Herald in the targeted case of ../shared/bench, with what run-herald.js does not give: several rates against one
// started node (after one unrecorded warm-up), a duration, JVM options, and the CPU of the whole server (the JVM and
// its embedded PostgreSQL processes) per delivered notification.
//   cd <checkout> && node bench/targeted.js --rates 400,1000,2000 [--duration-s 5] [--n 1000]
//     ['--java-opts=-XX:ActiveProcessorCount=1'] [--out results.json] [--bench ../shared/bench]
// Run it from the checkout whose target/herald.jar is measured (herald.js builds it there when HEAD changed).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');
const { parseArgs } = require('node:util');

const { values: o } = parseArgs({ options: {
  n: { type: 'string', default: '1000' }, rates: { type: 'string', default: '400' },
  'duration-s': { type: 'string', default: '5' }, heap: { type: 'string', default: '1g' },
  'java-opts': { type: 'string', default: '' }, out: { type: 'string' },
  bench: { type: 'string', default: path.join(__dirname, '..', '..', 'shared', 'bench') },
} });
const { Herald, jwt } = require(path.resolve(o.bench, 'herald.js'));
const N = Number(o.n);

/**
 * utime + stime (s) of the JVM and its descendants, and of the embedded PostgreSQL: its postmaster detaches from the
 * JVM (its parent is init), so it is found through the pid file in the node's data directory.
 */
function treeCpuSeconds(root, dataDir) {
  const roots = [root];
  try { roots.push(+fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]); } catch (_) { /* no embedded database */ }
  const parent = new Map(); const cpu = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ');
      parent.set(+d, +f[1]); cpu.set(+d, (+f[11] + +f[12]) / 100);
    } catch (_) { /* gone */ }
  }
  const split = { jvm: 0, postgres: 0 };
  for (const [pid, seconds] of cpu) {
    for (let p = pid; p > 1; p = parent.get(p)) {
      if (roots.includes(p)) { split[p === root ? 'jvm' : 'postgres'] += seconds; break; }
      if (!parent.has(p)) break;
    }
  }
  return split;
}

function loadgen(args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.resolve(o.bench, 'loadgen.js'), ...args], { stdio: 'inherit' });
    p.on('exit', resolve);
  });
}

(async () => {
  const h = new Herald({ env: { HERALD_BCRYPT_COST: '4', HERALD_WS_FRAMES_PER_SECOND: '100000', HERALD_WS_FRAME_BURST: '100000',
    HERALD_NOTIFICATIONS_PER_USER: '100000000', HERALD_LOG_LEVEL: 'WARN',
    JAVA_TOOL_OPTIONS: `-Xms${o.heap} -Xmx${o.heap} ${o['java-opts']}` } });
  await h.start();
  const results = [];
  try {
    const admin = await h.admin();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-targeted-'));
    const lines = new Array(N); const t0 = Date.now(); let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < N) {
        const i = next++;
        const r = await h.call('POST', '/api/v1/users', { token: admin, body: { username: `tp${i}_${t0}`, password: 'bench-password-1', role: 'porter' } });
        if (r.status !== 201) throw new Error('create user -> ' + r.status + ' ' + r.text.slice(0, 200));
        const exp = Math.floor(Date.now() / 1000) + 7200;
        lines[i] = `${r.json.id} ${jwt({ sub: String(r.json.id), username: `tp${i}_${t0}`, role: 'porter', iat: exp - 7200, exp }, h.jwtSecret)}`;
      }
    }));
    fs.writeFileSync(path.join(tmp, 'tokens.txt'), lines.join('\n') + '\n');
    const args = (rate, out) => ['--proto', 'herald', '--port', String(h.port), '--n', String(N), '--tokens-file', path.join(tmp, 'tokens.txt'),
      '--url', 'ws://{host}:{port}/ws/notifications?token={token}', '--ready-type', 'connected',
      '--header', `authorization: Bearer ${admin}`, '--server-pid', String(h.proc.pid), '--timeout-s', '200',
      '--mode', 'targeted', '--rate', String(rate), '--duration-s', o['duration-s'], '--notify-url', 'http://{host}:{port}/api/v1/notifications',
      '--body', '{"user_ids":[{user}],"title":"bench","message":"m {seq}","data":{"sent_at":{sent_at},"seq":{seq}}}',
      '--notify-type', 'notification', '--payload-path', 'data.data', '--out', out];
    const rates = o.rates.split(',').map(Number);
    await loadgen(args(rates[0], path.join(tmp, 'warmup.json')));
    for (const rate of rates) {
      const out = path.join(tmp, `rate-${rate}.json`);
      const cpu0 = treeCpuSeconds(h.proc.pid, h.dataDir);
      await loadgen(args(rate, out));
      const cpu1 = treeCpuSeconds(h.proc.pid, h.dataDir);
      const jvm = cpu1.jvm - cpu0.jvm; const postgres = cpu1.postgres - cpu0.postgres; const cpu = jvm + postgres;
      const r = JSON.parse(fs.readFileSync(out, 'utf8'));
      r.rate = rate; r.java_opts = o['java-opts']; r.server_tree_cpu_s = +cpu.toFixed(2);
      r.jvm_cpu_s = +jvm.toFixed(2); r.postgres_cpu_s = +postgres.toFixed(2);
      r.cpu_ms_per_notification = r.received ? +(1000 * cpu / r.received).toFixed(3) : null;
      r.loadavg = os.loadavg().map((x) => +x.toFixed(1));
      console.log(`rate ${rate}: CPU ${cpu.toFixed(1)} s over the run (JVM ${jvm.toFixed(1)} s, PostgreSQL ${postgres.toFixed(1)} s) = ${r.cpu_ms_per_notification} ms per delivered notification; load average ${r.loadavg.join(' ')}`);
      results.push(r);
    }
    // what the sockets had to repair during the run: gaps filled from the inbox, rows replayed
    const metrics = await h.call('GET', '/metrics', { token: admin });
    const repairs = metrics.text.split('\n').filter((l) => /^herald_(socket_gap_fills|notifications_replayed)_total/.test(l));
    console.log(repairs.length ? repairs.join('\n') : 'no gap fills and no replays during the run');
  } finally {
    await h.stop();
    if (o.out) fs.writeFileSync(o.out, JSON.stringify(results, null, 2));
  }
})().catch((e) => { console.error(e); process.exit(1); });
