// Where one broadcast's write goes, without sockets: a warm node with 10,000 porters (inserted straight into its
// database), twelve real broadcasts over REST (each answered after its commit), then EXPLAIN (ANALYZE, BUFFERS) of the
// producer's INSERT statement for one broadcast, inside a transaction that is rolled back.
//   cd <checkout> && node bench/broadcast-insert.js [--n 10000] [--bench ../shared/bench]
// The statement is read from persistence/NotificationSql.java, so the plan is the one the node runs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { startHerald, psql } = require('./node.js');

const { values: o } = parseArgs({ options: {
  n: { type: 'string', default: '10000' },
  bench: { type: 'string', default: path.join(__dirname, '..', '..', 'shared', 'bench') },
} });

/** INSERT_DRAFTS as the Java source spells it: its string literals joined. */
function insertDrafts() {
  const source = fs.readFileSync(path.join(__dirname, '..', 'src/main/java/io/herald/persistence/NotificationSql.java'), 'utf8');
  const declaration = source.match(/static final String INSERT_DRAFTS = ([\s\S]*?);\n/)[1];
  return [...declaration.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\"/g, '"')).join('');
}

(async () => {
  const h = await startHerald(o.bench, { HERALD_BCRYPT_COST: '4', HERALD_LOG_LEVEL: 'WARN',
    HERALD_BROADCASTS_PER_USER: '100000', JAVA_TOOL_OPTIONS: '-Xms1g -Xmx1g' });
  try {
    const admin = await h.admin();
    psql(h.dataDir, `insert into users (username, role) select 'porter' || g, 'porter' from generate_series(1, ${Number(o.n)}) g; analyze users`);
    const times = [];
    for (let i = 0; i < 12; i++) {
      const t0 = process.hrtime.bigint();
      const r = await h.call('POST', '/api/v1/notifications/broadcast', { token: admin, body: { roles: ['porter'], title: 't' + i, message: 'm' } });
      if (r.status !== 201) throw new Error('broadcast -> ' + r.status + ' ' + r.text.slice(0, 200));
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.log(`broadcast to ${o.n} over REST, answered after the commit (ms): ${times.map((t) => t.toFixed(0)).join(' ')}`);
    const draft = JSON.stringify([{ type: 'broadcast', title: 'x', message: 'y', translations: null, data: { priority: 'normal' },
      link: null, excluded: 1, user_ids: [], roles: ['porter'] }]);
    console.log(psql(h.dataDir, `begin; select pg_advisory_xact_lock(7231567012345); `
      + `explain (analyze, buffers) ${insertDrafts().replace('$1', `'${draft}'`)}; rollback;`));
  } finally {
    await h.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
