// The floor under bench/port-forward.ts: what it costs a Node process and a Go process to do nothing but read
// 200 MB of TLS (TLS 1.3, AES-128-GCM as the API server negotiates) and write it to a local TCP connection,
// the innermost loop of any port-forward, without WebSocket or SPDY. Node's client is a child node process
// (tls.connect, 'data' to socket.write with backpressure); Go's is bench/tls-copy/main.go (io.Copy), built
// here with the Go toolchain. Both read from the same local TLS server in this process and write to the
// same sink; alternating runs, medians (BENCH_RUNS, default 5). Prints a table; asserts nothing.
//
//   node --conditions=@kr8s/source bench/tls-copy.ts      (needs `go` and `openssl` on the PATH)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { connect, createServer as createTcpServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer, connect as tlsConnect } from "node:tls";
import { openssl } from "@kr8s/test-utils/certs";
import { run } from "@kr8s/test-utils/exec";
import { loadAverage, median, printTable } from "./support.ts";

const TOTAL = 200 * 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Measured {
  ms: number;
  userMs: number;
  systemMs: number;
  /** The TLS cipher suite negotiated (the same for both clients, or the comparison is not fair). */
  cipher: string;
}

/** The Node client: copies the TLS stream on port argv[3] to the TCP port argv[4], prints Measured. */
function nodeClient(tlsPort: number, sinkPort: number): void {
  const out = connect({ port: sinkPort, host: "127.0.0.1", noDelay: true });
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const input = tlsConnect({ port: tlsPort, host: "127.0.0.1", rejectUnauthorized: false });
  input.on("data", (chunk: Buffer) => {
    if (!out.write(chunk)) {
      input.pause();
      out.once("drain", () => input.resume());
    }
  });
  input.on("end", () => {
    out.end(() => {
      const cpu = process.cpuUsage(cpu0);
      const measured: Measured = {
        ms: performance.now() - started,
        userMs: cpu.user / 1000,
        systemMs: cpu.system / 1000,
        cipher: input.getCipher().standardName,
      };
      console.log(JSON.stringify(measured));
    });
  });
}

async function measure(command: string, args: string[]): Promise<Measured> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${command} exited ${code}`);
  return JSON.parse(out) as Measured;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "kr8s-tls-copy-"));
  try {
    await openssl(
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"].concat([
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
      ]),
    );
    const goBinary = join(dir, "tls-copy");
    const built = await run("go", ["build", "-o", goBinary, "main.go"], {
      cwd: join(import.meta.dirname, "tls-copy"),
      env: { ...process.env, GO111MODULE: "off" },
      timeoutMs: 300_000,
    });
    if (built.exitCode !== 0) throw new Error(`go build: ${built.stderr}`);

    const chunk = randomBytes(1024 * 1024);
    const source = createTlsServer(
      { key: await readFile(join(dir, "key.pem")), cert: await readFile(join(dir, "cert.pem")) },
      (socket) => {
        let sent = 0;
        const pump = (): void => {
          while (sent < TOTAL) {
            sent += chunk.length;
            if (!socket.write(chunk)) return void socket.once("drain", pump);
          }
          socket.end();
        };
        socket.on("error", () => undefined);
        pump();
      },
    );
    const sink = createTcpServer((socket) => {
      let received = 0;
      socket.on("data", (data: Buffer) => (received += data.length));
      socket.on("end", () => {
        if (received !== TOTAL) console.error(`the sink received ${received} bytes, not ${TOTAL}`);
      });
    });
    await Promise.all([
      new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve)),
      new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve)),
    ]);
    const ports = [(source.address() as AddressInfo).port, (sink.address() as AddressInfo).port].map(String);

    const node: Measured[] = [];
    const go: Measured[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(await measure(process.execPath, [import.meta.filename, "--client", ...ports]));
      go.push(await measure(goBinary, ports));
    }
    source.close();
    sink.close();

    const row = (client: string, runs: Measured[]): string[] => {
      const ms = median(runs.map((r) => r.ms));
      return [
        client,
        (TOTAL / 2 ** 20 / (ms / 1000)).toFixed(0),
        median(runs.map((r) => r.userMs)).toFixed(0),
        median(runs.map((r) => r.systemMs)).toFixed(0),
        [...new Set(runs.map((r) => r.cipher))].join(" "),
      ];
    };
    printTable(
      `TLS to TCP copy of ${TOTAL / 2 ** 20} MB, medians of ${RUNS} alternating runs (load average ${loadAverage()})`,
      [
        ["client", "MB/s", "user CPU ms", "system CPU ms"],
        row("Node tls → net", node),
        row("Go io.Copy", go),
      ],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--client") nodeClient(Number(process.argv[3]), Number(process.argv[4]));
else await main();
