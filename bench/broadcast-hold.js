// How long a targeted write waits behind a broadcast: a warm node with 10,000 porters (inserted straight into its
// database), then rounds of one broadcast to all of them over REST and, 10 ms after it, one targeted notification to
// one user; each round waits for both answers and pauses. Prints each kind's answer times, and those of targeted
// notifications sent alone, for comparison.
//   cd <checkout> && node <this>/broadcast-hold.js [--n 10000] [--rounds 12] [--bench ../shared/bench]
// The node is the checkout's (target/herald.jar), so one script measures two checkouts.
'use strict';
const path = require('node:path');
const { parseArgs } = require('node:util');
const { startHerald, psql } = require('./node.js');

const { values: o } = parseArgs({ options: {
  n: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '12' },
  bench: { type: 'string', default: path.join(__dirname, '..', '..', 'shared', 'bench') },
} });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const summary = (values) => `p50 ${percentile(values, 0.5).toFixed(1)}, max ${Math.max(...values).toFixed(1)} `
  + `(${values.map((v) => v.toFixed(0)).join(' ')})`;

(async () => {
  const h = await startHerald(o.bench, { HERALD_BCRYPT_COST: '4', HERALD_LOG_LEVEL: 'WARN',
    HERALD_BROADCASTS_PER_USER: '100000', HERALD_NOTIFICATIONS_PER_USER: '100000', JAVA_TOOL_OPTIONS: '-Xms1g -Xmx1g' });
  try {
    const admin = await h.admin();
    psql(h.dataDir, `insert into users (username, role) select 'porter' || g, 'porter' from generate_series(1, ${Number(o.n)}) g; analyze users`);
    const timed = async (pathName, body) => {
      const t0 = process.hrtime.bigint();
      const r = await h.call('POST', pathName, { token: admin, body });
      if (r.status !== 201) throw new Error(pathName + ' -> ' + r.status + ' ' + r.text.slice(0, 200));
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const targeted = (i) => timed('/api/v1/notifications', { user_ids: [1], title: 'alone ' + i, message: 'm' });
    const broadcast = (i) => timed('/api/v1/notifications/broadcast', { roles: ['porter'], title: 'b' + i, message: 'm' });
    for (let i = 0; i < 3; i++) { await broadcast('warm' + i); await targeted('warm' + i); await sleep(300); }
    const alone = []; const behind = []; const broadcasts = [];
    for (let i = 0; i < Number(o.rounds); i++) {
      alone.push(await targeted(i));
      await sleep(200);
      const b = broadcast(i);
      await sleep(10);
      behind.push(await targeted('behind ' + i));
      broadcasts.push(await b);
      await sleep(500);
    }
    console.log(`targeted alone (ms): ${summary(alone)}`);
    console.log(`targeted 10 ms after a broadcast to ${o.n} (ms): ${summary(behind)}`);
    console.log(`the broadcasts, answered after their last commit (ms): ${summary(broadcasts)}`);
  } finally {
    await h.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
