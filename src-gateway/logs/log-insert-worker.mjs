// Request-log inserts on their own thread and SQLite connection, so the event
// loop that serves requests never waits on a write. Plain JavaScript: it runs
// unchanged from the sources (tests), under tsx and next to the esbuild bundle.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { dbPath, insertSql, progress } = workerData;
const written = new Int32Array(progress);
const database = new Database(dbPath);
database.pragma('busy_timeout = 5000');
database.pragma('synchronous = NORMAL');
const insert = database.prepare(insertSql);
const insertAll = database.transaction((rows) => {
  for (const row of rows) insert.run(row);
});

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    database.close();
    parentPort.close();
    return;
  }
  try {
    insertAll(message.rows);
  } catch (error) {
    parentPort.postMessage({
      type: 'error',
      message: String(error?.message ?? error),
      count: message.rows.length,
    });
  }
  // Count the batch as done either way, so a waiting flush never hangs on a failed one.
  Atomics.add(written, 0, 1);
  Atomics.notify(written, 0);
});
