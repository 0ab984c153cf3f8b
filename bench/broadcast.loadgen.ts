/**
 * The segment load for bench:broadcast: GETs `urls` round robin with `connections`
 * keep-alive connections for `seconds`, then prints one JSON line { requests, errors, bytes }.
 * Runs in its own process so the server's CPU is measured alone.
 */
import http from 'node:http';

const [urlsJson = '[]', connections = '32', seconds = '5'] = process.argv.slice(2);
const urls = JSON.parse(urlsJson) as string[];
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const until = Date.now() + Number(seconds) * 1000;
let requests = 0;
let errors = 0;
let bytes = 0;
let next = 0;

function one(): Promise<void> {
  const url = urls[next++ % urls.length]!;
  return new Promise((resolve) => {
    const req = http.get(url, { agent }, (res) => {
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => {
        if (res.statusCode === 200) requests++;
        else errors++;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
  });
}

async function worker() {
  while (Date.now() < until) await one();
}

await Promise.all(Array.from({ length: Number(connections) }, worker));
process.stdout.write(JSON.stringify({ requests, errors, bytes }) + '\n');
agent.destroy();
