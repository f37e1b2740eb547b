// Starts the fauxqs SQS/S3 emulator for local runs and tests.
//
// fauxqs always listens on 0.0.0.0 and its CLI forces request logging; this launcher starts it
// through the library API instead, binds it to FAUXQS_BIND (127.0.0.1 unless told otherwise, so
// nothing outside this machine can reach it), keeps logging off, and optionally persists state.
//
// Environment:
//   FAUXQS_PORT           port (default 4566; 0 = any free port)
//   FAUXQS_BIND           listen address (default 127.0.0.1; the container image sets 0.0.0.0)
//   FAUXQS_DATA_DIR       SQLite persistence for queues and messages (state survives restarts)
//   FAUXQS_S3_STORAGE_DIR S3 objects as files on disk instead of in memory
//   SCITLDR_BUCKET        bucket to create at start (optional; services also create it in local mode)
//
// Prints one line `fauxqs listening on http://HOST:PORT` when ready, which callers wait for.
import net from "node:net";
import { startFauxqs } from "fauxqs";

const bindHost = process.env.FAUXQS_BIND || "127.0.0.1";
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args[0] && typeof args[0] === "object" && args[0].host === "0.0.0.0") {
    args[0] = { ...args[0], host: bindHost };
  }
  return listen.apply(this, args);
};

const port = Number.parseInt(process.env.FAUXQS_PORT ?? "4566", 10);
const server = await startFauxqs({
  port,
  logger: false,
  dataDir: process.env.FAUXQS_DATA_DIR || undefined,
  s3StorageDir: process.env.FAUXQS_S3_STORAGE_DIR || undefined,
});
if (process.env.SCITLDR_BUCKET) {
  server.setup({ buckets: [process.env.SCITLDR_BUCKET] });
}
process.stdout.write(`fauxqs listening on http://${bindHost}:${server.port}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
