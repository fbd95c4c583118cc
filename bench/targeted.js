#!/usr/bin/env node
// Herald in the targeted case of ../shared/bench, with what run-herald.js does not give: several rates against one
// started node (after one unrecorded warm-up), a duration, JVM options, and the CPU of the whole server (the JVM and
// its embedded PostgreSQL processes) per delivered notification.
//   cd <checkout> && node bench/targeted.js --rates 400,1000,2000 [--duration-s 5] [--n 1000]
//     ['--java-opts=-XX:ActiveProcessorCount=1'] [--out results.json] [--jfr recording.jfr] [--bench ../shared/bench]
//     [--extra-users 20000] [--baseline] [--warmup-s 60] [--postgres-set plan_cache_mode=force_generic_plan]
//     [--perf /tmp/profile]
// --extra-users adds that many users (students, never connected) straight into the database, so that the cost of a
// write can be seen against the number of users an organisation has.
// --jfr records the measured rates only (not the users' creation nor the warm-up) with JFR's profile settings.
// Every run of the load tool opens its 1,000 sockets anew, and the CPU of a rate includes those opens and the JIT's
// compiling of what runs (seconds in all on a slow machine, less as the node warms); --baseline first runs 1/s for the
// same duration, and each rate also reports its CPU net of that run's (cpu_net_ms_per_notification).
// --warmup-s: how long the unrecorded warm-up runs at the first rate (the duration by default); the JIT keeps compiling
// for a minute or more on a slow machine, so a longer warm-up gives steadier CPU figures.
// --postgres-set name=value: a PostgreSQL setting given to the running server (ALTER SYSTEM, then a reload, which
// reaches the pool's open connections too) before the warm-up, to see what a setting changes.
// --perf PREFIX: Linux's perf samples the JVM (Java frames named through the JIT's symbol map, frame pointers kept
// with -XX:+PreserveFramePointer) and, separately, the PostgreSQL processes, for 20 s from 3 s into each measured
// rate (give it a duration of 25 s or more). PREFIX-<rate>-jvm.txt and PREFIX-<rate>-postgres.txt get summaries (by
// thread or process, by shared object, the top symbols); the recordings stay beside them (.data), and the JVM's
// symbol map (-jvm.map: perf report reads it as /tmp/perf-<the JVM's pid>.map). Needs perf and the right to trace.
// Run it from the checkout whose target/herald.jar is measured (herald.js builds it there when HEAD changed).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { parseArgs } = require('node:util');

const { values: o } = parseArgs({ options: {
  n: { type: 'string', default: '1000' }, 'extra-users': { type: 'string', default: '0' }, rates: { type: 'string', default: '400' },
  'duration-s': { type: 'string', default: '5' }, 'warmup-s': { type: 'string' },
  'postgres-set': { type: 'string' }, baseline: { type: 'boolean', default: false }, heap: { type: 'string', default: '1g' },
  'java-opts': { type: 'string', default: '' }, out: { type: 'string' }, jfr: { type: 'string' }, perf: { type: 'string' },
  bench: { type: 'string', default: path.join(__dirname, '..', '..', 'shared', 'bench') },
} });
const { cpuSeconds, loadgen, startHerald, porters, loadgenCommon, repairs, psql, pgStats, pgDelta, jcmd, postmaster } = require('./node.js');
const N = Number(o.n);

(async () => {
  const h = await startHerald(o.bench, { HERALD_BCRYPT_COST: '4', HERALD_WS_FRAMES_PER_SECOND: '100000',
    HERALD_WS_FRAME_BURST: '100000', HERALD_NOTIFICATIONS_PER_USER: '100000000', HERALD_LOG_LEVEL: 'WARN',
    JAVA_TOOL_OPTIONS: `-Xms${o.heap} -Xmx${o.heap} ${o.perf ? '-XX:+PreserveFramePointer' : ''} ${o['java-opts']}` });
  const results = [];
  try {
    const admin = await h.admin();
    if (Number(o['extra-users'])) {
      psql(h.dataDir, `insert into users (username, role) select 'extra' || g, 'student' from generate_series(1, ${Number(o['extra-users'])}) g; analyze users`);
    }
    if (o['postgres-set']) {
      const [name, value] = o['postgres-set'].split('=');
      psql(h.dataDir, `alter system set ${name} = '${value}'`);
      psql(h.dataDir, 'select pg_reload_conf()');
    }
    const tokens = await porters(o.bench, h, admin, N, 'tp');
    const args = (rate, out, seconds = o['duration-s']) => [...loadgenCommon(h, admin, N, tokens, Number(seconds) + 200),
      '--mode', 'targeted', '--rate', String(rate), '--duration-s', seconds, '--notify-url', 'http://{host}:{port}/api/v1/notifications',
      '--body', '{"user_ids":[{user}],"title":"bench","message":"m {seq}","data":{"sent_at":{sent_at},"seq":{seq}}}',
      '--out', out];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-targeted-'));
    const rates = o.rates.split(',').map(Number);
    await loadgen(o.bench, args(rates[0], path.join(tmp, 'warmup.json'), o['warmup-s'] || o['duration-s']));
    let baseline = 0;
    if (o.baseline) {
      const b0 = cpuSeconds(h.proc.pid, h.dataDir);
      await loadgen(o.bench, args(1, path.join(tmp, 'baseline.json')));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const b1 = cpuSeconds(h.proc.pid, h.dataDir);
      baseline = b1.jvm - b0.jvm + b1.postgres - b0.postgres;
      console.log(`baseline (1/s, the sockets' opens and the idle node): CPU ${baseline.toFixed(1)} s`);
    }
    if (o.jfr) jcmd(h.proc.pid, 'JFR.start', 'name=bench', 'settings=profile', `filename=${path.resolve(o.jfr)}`);
    for (const rate of rates) {
      const out = path.join(tmp, `rate-${rate}.json`);
      const cpu0 = cpuSeconds(h.proc.pid, h.dataDir); const pg0 = pgStats(h.dataDir);
      const profiled = o.perf ? profile(h, `${o.perf}-${rate}`) : null;
      await loadgen(o.bench, args(rate, out));
      if (profiled) await profiled;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const cpu1 = cpuSeconds(h.proc.pid, h.dataDir); const pg1 = pgStats(h.dataDir);
      const jvm = cpu1.jvm - cpu0.jvm; const postgres = cpu1.postgres - cpu0.postgres; const cpu = jvm + postgres;
      const r = JSON.parse(fs.readFileSync(out, 'utf8'));
      r.rate = rate; r.java_opts = o['java-opts']; r.server_tree_cpu_s = +cpu.toFixed(2);
      r.jvm_cpu_s = +jvm.toFixed(2); r.postgres_cpu_s = +postgres.toFixed(2);
      r.cpu_ms_per_notification = r.received ? +(1000 * cpu / r.received).toFixed(3) : null;
      if (o.baseline) {
        r.baseline_cpu_s = +baseline.toFixed(2);
        r.cpu_net_ms_per_notification = r.received ? +(1000 * (cpu - baseline) / r.received).toFixed(3) : null;
      }
      r.postgres_per_notification = r.received ? pgDelta(pg0, pg1, r.received) : null;
      r.loadavg = os.loadavg().map((x) => +x.toFixed(1));
      console.log(`rate ${rate}: CPU ${cpu.toFixed(1)} s over the run (JVM ${jvm.toFixed(1)} s, PostgreSQL ${postgres.toFixed(1)} s) = ${r.cpu_ms_per_notification} ms per delivered notification${o.baseline ? ` (${r.cpu_net_ms_per_notification} net of the baseline)` : ''}; load average ${r.loadavg.join(' ')}`);
      console.log(`PostgreSQL per delivered notification: ${JSON.stringify(r.postgres_per_notification)}`);
      results.push(r);
    }
    if (o.jfr) jcmd(h.proc.pid, 'JFR.stop', 'name=bench');
    console.log(await repairs(h, admin));
  } finally {
    await h.stop();
    if (o.out) fs.writeFileSync(o.out, JSON.stringify(results, null, 2));
  }
})().catch((e) => { console.error(e); process.exit(1); });

/** --perf: 20 s of the JVM and of PostgreSQL under perf, from 3 s into the run; the summaries beside the recordings. */
async function profile(h, prefix) {
  const { execFile, execFileSync } = require('node:child_process');
  const run = (...args) => new Promise((resolve, reject) => execFile('perf', args, { maxBuffer: 1 << 26 },
    (error, stdout, stderr) => (error ? reject(new Error(`perf ${args[0]} failed: ${stderr || error.message}`)) : resolve())));
  const top = (text, lines) => text.split('\n').filter((l) => l.trim()).slice(0, lines).join('\n');
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const main = postmaster(h.dataDir)[0].trim();
  const postgres = [main, execFileSync('pgrep', ['-d,', '-P', main], { encoding: 'utf8' }).trim()].join(',');
  await Promise.all([
    run('record', '-F', '499', '-g', '-p', String(h.proc.pid), '-o', `${prefix}-jvm.data`, '--', 'sleep', '20'),
    run('record', '-F', '499', '-g', '-p', postgres, '-o', `${prefix}-postgres.data`, '--', 'sleep', '20')]);
  jcmd(h.proc.pid, 'Compiler.perfmap');
  fs.copyFileSync(`/tmp/perf-${h.proc.pid}.map`, `${prefix}-jvm.map`);
  for (const side of ['jvm', 'postgres']) {
    const report = (...sort) => execFileSync('perf', ['report', '-i', `${prefix}-${side}.data`, '--no-children', '-g', 'none',
      '-q', '--sort', ...sort], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] });
    const jvm = side === 'jvm';
    fs.writeFileSync(`${prefix}-${side}.txt`, [`# perf of the ${jvm ? 'JVM' : 'PostgreSQL processes'}, 20 s`,
      jvm ? '## by thread' : '## by process', top(report(jvm ? 'comm' : 'pid'), 10),
      '## by shared object', top(report('dso'), 8), '## top symbols (self)', top(report('sym'), 40)].join('\n') + '\n');
  }
}
