#!/usr/bin/env node
// Herald in the broadcast case of ../shared/bench, measured on a warm node: one unrecorded round, then a pause for
// its backlog to be delivered (run-herald.js --warmup starts the measured round at once, so a round the node could
// not keep up with leaves its backlog to the next one, whose fresh sockets take its late frames for their own), then
// the measured round, with the CPU of the JVM and of its embedded PostgreSQL.
//   cd <checkout> && node bench/broadcasts.js [--n 10000] [--count 20] [--interval-ms 250] [--drain-ms 5000]
//     [--settle-s 30] ['--java-opts=...'] [--out results.json] [--jfr recording.jfr] [--bench ../shared/bench]
// --jfr records the measured round only, with JFR's profile settings.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { parseArgs } = require('node:util');

const { values: o } = parseArgs({ options: {
  n: { type: 'string', default: '10000' }, count: { type: 'string', default: '20' },
  'interval-ms': { type: 'string', default: '250' }, 'drain-ms': { type: 'string', default: '5000' },
  'settle-s': { type: 'string', default: '30' }, heap: { type: 'string', default: '1g' },
  'java-opts': { type: 'string', default: '' }, out: { type: 'string' }, jfr: { type: 'string' },
  bench: { type: 'string', default: path.join(__dirname, '..', '..', 'shared', 'bench') },
} });
const { cpuSeconds, loadgen, startHerald, porters, loadgenCommon, repairs, jcmd } = require('./node.js');
const N = Number(o.n);

(async () => {
  // 10,000 bench users on one address: the password, socket, connection and broadcast limits raised for them
  const h = await startHerald(o.bench, { HERALD_BCRYPT_COST: '4', HERALD_BCRYPT_QUEUE: '100000',
    HERALD_WS_MAX_SOCKETS_PER_IP: String(3 * N), HERALD_HTTP_CONNECTIONS_PER_IP: String(4 * N),
    HERALD_BROADCASTS_PER_USER: '1000', HERALD_WS_FRAMES_PER_SECOND: '100000', HERALD_WS_FRAME_BURST: '100000',
    HERALD_LOG_LEVEL: 'WARN', JAVA_TOOL_OPTIONS: `-Xms${o.heap} -Xmx${o.heap} ${o['java-opts']}` });
  let result = null;
  try {
    const admin = await h.admin();
    const tokens = await porters(o.bench, h, admin, N, 'bp');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-broadcasts-'));
    const args = (out) => [...loadgenCommon(h, admin, N, tokens), '--mode', 'broadcast', '--count', o.count,
      '--interval-ms', o['interval-ms'], '--drain-ms', o['drain-ms'],
      '--broadcast-url', 'http://{host}:{port}/api/v1/notifications/broadcast',
      '--body', '{"roles":["porter"],"title":"bench","message":"m {seq}","data":{"sent_at":{sent_at},"seq":{seq}}}',
      '--out', out];
    await loadgen(o.bench, args(path.join(tmp, 'warmup.json')));
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(o['settle-s'])));
    const out = path.join(tmp, 'measured.json');
    if (o.jfr) jcmd(h.proc.pid, 'JFR.start', 'name=bench', 'settings=profile', `filename=${path.resolve(o.jfr)}`);
    const cpu0 = cpuSeconds(h.proc.pid, h.dataDir);
    await loadgen(o.bench, args(out));
    const cpu1 = cpuSeconds(h.proc.pid, h.dataDir);
    if (o.jfr) jcmd(h.proc.pid, 'JFR.stop', 'name=bench');
    result = JSON.parse(fs.readFileSync(out, 'utf8'));
    result.jvm_cpu_s = +(cpu1.jvm - cpu0.jvm).toFixed(2);
    result.postgres_cpu_s = +(cpu1.postgres - cpu0.postgres).toFixed(2);
    result.loadavg = os.loadavg().map((x) => +x.toFixed(1));
    console.log(`CPU over the measured round: JVM ${result.jvm_cpu_s} s, PostgreSQL ${result.postgres_cpu_s} s; `
      + `load average ${result.loadavg.join(' ')}`);
    console.log(await repairs(h, admin));
  } finally {
    await h.stop();
    if (o.out && result) fs.writeFileSync(o.out, JSON.stringify(result, null, 2));
  }
})().catch((e) => { console.error(e); process.exit(1); });
