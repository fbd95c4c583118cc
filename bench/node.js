// What bench/targeted.js and bench/broadcasts.js share: the Herald launcher and load tool of ../shared/bench, users
// created over REST with their tokens in a file for the load tool, and the CPU of the node (its JVM and its
// embedded PostgreSQL).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');

/** The embedded PostgreSQL's pid file, as lines: its first is the postmaster's pid, its fourth the port. */
function postmaster(dataDir) {
  return fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
}

/**
 * utime + stime (s) of the JVM and its descendants, and of the embedded PostgreSQL: its postmaster detaches from the
 * JVM (its parent is init), so it is found through the pid file in the node's data directory.
 */
function cpuSeconds(root, dataDir) {
  const roots = [root];
  try {
    roots.push(+postmaster(dataDir)[0]);
  } catch (_) { /* no embedded database */ }
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

function loadgen(bench, args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.resolve(bench, 'loadgen.js'), ...args], { stdio: 'inherit' });
    p.on('exit', resolve);
  });
}

/**
 * Starts Herald from this checkout's target/herald.jar with `env` added; `bench`: the ../shared/bench folder. The
 * launcher picks a free port before the node binds it, and right after a run with thousands of sockets the port it
 * picked is sometimes taken by then: such a start is tried again, up to three times.
 */
async function startHerald(bench, env) {
  const { Herald } = require(path.resolve(bench, 'herald.js'));
  for (let attempt = 1; ; attempt++) {
    const h = new Herald({ env });
    try {
      await h.start();
      return h;
    } catch (e) {
      if (attempt >= 3 || !/Address already in use/.test(String(e && e.message))) throw e;
      console.error(`Herald did not start (its port was taken); trying again (${attempt}/3)`);
      await h.stop().catch(() => {});
    }
  }
}

/** Creates `n` porters over REST (16 at a time) and writes "id token" lines for the load tool; returns the file. */
async function porters(bench, h, admin, n, prefix) {
  const { jwt } = require(path.resolve(bench, 'herald.js'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
  const lines = new Array(n); const t0 = Date.now(); let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < n) {
      const i = next++;
      const username = `${prefix}${i}_${t0}`;
      const r = await h.call('POST', '/api/v1/users', { token: admin, body: { username, password: 'bench-password-1', role: 'porter' } });
      if (r.status !== 201) throw new Error('create user -> ' + r.status + ' ' + r.text.slice(0, 200));
      const exp = Math.floor(Date.now() / 1000) + 7200;
      lines[i] = `${r.json.id} ${jwt({ sub: String(r.json.id), username, role: 'porter', iat: exp - 7200, exp }, h.jwtSecret)}`;
    }
  }));
  const file = path.join(tmp, 'tokens.txt');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * The load tool's options every case shares: raw WebSocket clients of `n` users against the started node. The tool
 * ends a run that takes longer than `timeoutS` in all (its sockets' opening included), counting what had not arrived
 * as lost.
 */
function loadgenCommon(h, admin, n, tokens, timeoutS = 200) {
  return ['--proto', 'herald', '--port', String(h.port), '--n', String(n), '--tokens-file', tokens,
    '--url', 'ws://{host}:{port}/ws/notifications?token={token}', '--ready-type', 'connected',
    '--header', `authorization: Bearer ${admin}`, '--server-pid', String(h.proc.pid), '--timeout-s', String(timeoutS),
    '--notify-type', 'notification', '--payload-path', 'data.data'];
}

/** What the sockets had to repair during the run, from the node's metrics: gaps filled from the inbox, rows replayed. */
async function repairs(h, admin) {
  const metrics = await h.call('GET', '/metrics', { token: admin });
  const lines = metrics.text.split('\n').filter((l) => /^herald_(socket_gap_fills|notifications_replayed)_total/.test(l));
  return lines.length ? lines.join('\n') : 'no gap fills and no replays during the run';
}

/** Runs SQL on the node's embedded PostgreSQL with psql (its port from the pid file); returns the rows, unaligned. */
function psql(dataDir, sql) {
  const { execFileSync } = require('node:child_process');
  const port = postmaster(dataDir)[3].trim();
  return execFileSync('psql', ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-d', 'postgres', '-At', '-F', ' ',
    '-c', sql], { encoding: 'utf8' });
}

/**
 * What the embedded PostgreSQL did so far (transactions, rows, and per table rows and scans); PostgreSQL reports them
 * with a delay of up to half a second. `pgDelta` of two snapshots divided by the notifications delivered shows where
 * its time goes.
 */
function pgStats(dataDir) {
  const out = psql(dataDir, `select 'db', xact_commit, tup_inserted, tup_updated, tup_deleted, tup_returned, tup_fetched
    from pg_stat_database where datname = current_database()
    union all select relname, seq_scan, n_tup_ins, n_tup_upd, n_tup_del, coalesce(idx_scan, 0), n_tup_hot_upd from pg_stat_user_tables`);
  const stats = {};
  for (const line of out.trim().split('\n')) {
    const [name, ...n] = line.split(' ');
    stats[name] = n.map(Number);
  }
  return stats;
}

/** Per-notification differences of two `pgStats` snapshots, only what moved. */
function pgDelta(before, after, per) {
  const heads = { db: ['commits', 'inserted', 'updated', 'deleted', 'returned', 'fetched'],
    table: ['seq_scans', 'inserted', 'updated', 'deleted', 'idx_scans', 'hot_updated'] };
  const delta = {};
  for (const [name, values] of Object.entries(after)) {
    const head = name === 'db' ? heads.db : heads.table;
    const moved = {};
    values.forEach((v, i) => {
      const d = v - ((before[name] || [])[i] || 0);
      if (d) moved[head[i]] = +(d / per).toFixed(3);
    });
    if (Object.keys(moved).length) delta[name] = moved;
  }
  return delta;
}

/** Runs a diagnostic command in the node's JVM (JFR.start, JFR.stop, ...). */
function jcmd(pid, ...args) {
  require('node:child_process').execFileSync('jcmd', [String(pid), ...args], { stdio: 'inherit' });
}

module.exports = { cpuSeconds, loadgen, startHerald, porters, loadgenCommon, repairs, psql, pgStats, pgDelta, jcmd,
  postmaster };
