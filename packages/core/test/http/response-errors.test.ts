// What a user sees when the API server (or something in front of it) answers with an error that is not a
// Kubernetes Status, and when no answer arrives at all. The Status synthesised for a plain-text error body
// is compared with kubectl's on the same local server.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  APITimeoutError,
  ConnectionError,
  ForbiddenError,
  NotFoundError,
  ServerError,
  UnauthorizedError,
} from "../../src/errors.ts";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { connectionError, serverError, statusFromResponse } from "../../src/http/response-errors.ts";
import { createTransport } from "../../src/http/transport.ts";
import type { Transport } from "../../src/http/transport.ts";
import { connection, startServer } from "./helpers.ts";
import type { TestServer } from "./helpers.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const execFileAsync = promisify(execFile);

/** What kubectl v1.32 prints for these answers (reason; message), checked against kubectl below. */
const KUBECTL_STATUS: readonly { code: number; reason: string; message: string }[] = [
  { code: 400, reason: "BadRequest", message: "the server rejected our request for an unknown reason" },
  { code: 403, reason: "Forbidden", message: "boom text" },
  { code: 404, reason: "NotFound", message: "the server could not find the requested resource" },
  {
    code: 405,
    reason: "MethodNotAllowed",
    message: "the server does not allow this method on the requested resource",
  },
  { code: 406, reason: "NotAcceptable", message: "boom text" },
  { code: 409, reason: "Conflict", message: "the server reported a conflict" },
  {
    code: 410,
    reason: "Unknown",
    message: "the server responded with the status code 410 but did not return more information",
  },
  {
    code: 413,
    reason: "Unknown",
    message: "the server responded with the status code 413 but did not return more information",
  },
  { code: 415, reason: "UnsupportedMediaType", message: "boom text" },
  {
    code: 418,
    reason: "Unknown",
    message: "the server responded with the status code 418 but did not return more information",
  },
  {
    code: 429,
    reason: "TooManyRequests",
    message: "the server has received too many requests and has asked us to try again later",
  },
  {
    code: 500,
    reason: "InternalError",
    message: 'an error on the server ("boom text") has prevented the request from succeeding',
  },
  {
    code: 502,
    reason: "InternalError",
    message: 'an error on the server ("boom text") has prevented the request from succeeding',
  },
  {
    code: 503,
    reason: "ServiceUnavailable",
    message: "the server is currently unable to handle the request",
  },
  {
    code: 504,
    reason: "Timeout",
    message:
      "the server was unable to return a response in the time allotted, but may still be processing the request",
  },
];

const BODY = "boom text";

let server: TestServer;
let pool: DispatcherPool;
let transport: Transport;

beforeAll(async () => {
  // Answers GET /status/<code> with that code and a plain-text body, like a proxy or load balancer would.
  server = await startServer((req, res) => {
    const code = Number(/^\/status\/(\d{3})/.exec(req.url ?? "")?.[1] ?? 404);
    res.writeHead(code, { "content-type": "text/plain" });
    res.end(`  ${BODY}\n`);
  });
  pool = new DispatcherPool();
  transport = createTransport(connection(server.url), { pool, retry: { maxRetries: 0 } });
});

afterAll(async () => {
  await transport.close();
  await pool.close();
  await server.close();
});

describe("an error answer without a Status", () => {
  // kubectl runs once per code (in parallel): slow on a busy machine, hence the timeout.
  it("gets the reason and message kubectl shows for the same answer", { timeout: 60_000 }, async () => {
    const printed = await Promise.all(
      KUBECTL_STATUS.map(({ code }) =>
        execFileAsync(referenceKubectl, [`--server=${server.url}`, "get", "--raw", `/status/${code}`], {
          env: { ...process.env, KUBECONFIG: "/dev/null" },
        }).then(
          () => `HTTP ${code}: kubectl succeeded`,
          (error: { stderr: string }) => error.stderr.trim(),
        ),
      ),
    );
    // kubectl's StatusReasonUnknown is the empty reason, printed without parentheses.
    expect(printed).toEqual(
      KUBECTL_STATUS.map(({ reason, message }) =>
        reason === "Unknown" ? `Error from server: ${message}` : `Error from server (${reason}): ${message}`,
      ),
    );
  });

  it("is thrown as a typed error carrying that reason, message and the body as the cause", async () => {
    for (const expected of KUBECTL_STATUS) {
      const error = (await transport
        .request({ path: `/status/${expected.code}` })
        .catch((e: unknown) => e)) as ServerError;
      expect(error, `HTTP ${expected.code}`).toBeInstanceOf(ServerError);
      expect(error.statusCode).toBe(expected.code);
      expect(error.message, `HTTP ${expected.code}`).toBe(expected.message);
      expect(error.status).toEqual({
        apiVersion: "v1",
        kind: "Status",
        status: "Failure",
        code: expected.code,
        reason: expected.reason,
        message: expected.message,
        details: { causes: [{ reason: "UnexpectedServerResponse", message: BODY }] },
      });
    }
  });

  it("401 and 422 use client-go's messages", () => {
    expect(statusFromResponse(401, BODY, "GET")).toMatchObject({
      reason: "Unauthorized",
      message: "the server has asked for the client to provide credentials",
    });
    expect(statusFromResponse(422, BODY, "PATCH")).toMatchObject({
      reason: "Invalid",
      message: "the server rejected our request due to an error in our request",
    });
  });

  it("409 is AlreadyExists for a create (POST, in any case) and Conflict otherwise", () => {
    expect(statusFromResponse(409, "", "post").reason).toBe("AlreadyExists");
    expect(statusFromResponse(409, "", "PUT").reason).toBe("Conflict");
  });

  it("an empty body keeps a message that says something, and no cause", () => {
    const forbidden = statusFromResponse(403, "  \n", "GET");
    expect(forbidden.message).toBe("the server does not allow access to the requested resource");
    expect(forbidden.details).toBeUndefined();
    expect(statusFromResponse(406, "", "GET").message).toBe(
      "the server was unable to respond with a content type that the client supports",
    );
    expect(statusFromResponse(415, Buffer.from(""), "POST").message).toBe(
      "the server does not support the content type of the request body",
    );
    expect(statusFromResponse(500, "", "GET").message).toBe(
      'an error on the server ("") has prevented the request from succeeding',
    );
  });

  it("keeps at most 2048 characters of the body, like kubectl", () => {
    const status = statusFromResponse(500, Buffer.from(`${"x".repeat(3000)}END`), "GET");
    expect(status.details?.causes?.[0]?.message).toBe("x".repeat(2048));
  });

  it("a JSON body that is not a Status is treated as text", () => {
    expect(statusFromResponse(403, '{"kind":"Pod"}', "GET").message).toBe('{"kind":"Pod"}');
    expect(statusFromResponse(403, '{"kind":"Status","status":7}', "GET").reason).toBe("Forbidden");
    expect(statusFromResponse(403, "null", "GET").reason).toBe("Forbidden");
    expect(statusFromResponse(403, '{"status":"Failure","message":"m"}', "GET").reason).toBe("Forbidden");
  });
});

describe("the error class for a status code", () => {
  const status = statusFromResponse(500, "", "GET");

  it("401 is an UnauthorizedError that points at the kubeconfig's credentials", () => {
    const error = serverError(401, status);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.suggestions).toEqual([
      "check the user's credentials in your kubeconfig (token, client certificate, exec plugin)",
    ]);
  });

  it("403 and 404 have classes of their own; others are plain ServerErrors", () => {
    expect(serverError(403, status)).toBeInstanceOf(ForbiddenError);
    expect(serverError(404, status)).toBeInstanceOf(NotFoundError);
    const other = serverError(500, status);
    expect(other.constructor).toBe(ServerError);
    expect(other.suggestions).toEqual([]);
  });

  it("429 says when the server asked to retry, in whole seconds rounded up", () => {
    expect(serverError(429, status, 1500).suggestions).toEqual(["the server asked to retry after 2 s"]);
    expect(serverError(429, status).suggestions).toEqual([]);
    expect(serverError(503, status, 1500).suggestions).toEqual([]);
  });
});

describe("no answer at all", () => {
  const apiServer = "https://kube.example:6443";
  const failure = (code: string, message = `failed: ${code}`): Error =>
    Object.assign(new Error(message), { code });
  const classify = (error: unknown) =>
    connectionError(error, apiServer, "GET", "/api/v1/pods") as ConnectionError;

  it("a header or body timeout is an APITimeoutError naming the request", () => {
    for (const code of ["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]) {
      const error = classify(failure(code, "Headers Timeout Error"));
      expect(error).toBeInstanceOf(APITimeoutError);
      expect(error.message).toBe(
        `GET /api/v1/pods: the API server at ${apiServer} stopped answering (Headers Timeout Error)`,
      );
    }
  });

  it("a Node without WebAssembly (--jitless) is named as the reason, not the network", () => {
    const missing = new ReferenceError("WebAssembly is not defined");
    // With WebAssembly present, the same error is an ordinary failure to reach the server.
    expect(classify(missing).message).toMatch(/^cannot reach the API server/);
    vi.stubGlobal("WebAssembly", undefined);
    try {
      const error = classify(missing);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).toBe(
        `cannot send requests to the API server at ${apiServer}: this Node runs without WebAssembly (WebAssembly is not defined), which the HTTP client (undici) needs`,
      );
      expect(error.suggestions).toEqual([
        "remove --jitless from Node's options (NODE_OPTIONS or the command line)",
      ]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("a certificate the client cannot verify suggests the CA settings", () => {
    for (const code of ["SELF_SIGNED_CERT_IN_CHAIN", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID"]) {
      const error = classify(
        failure(
          code,
          "self-signed certificate; if the root CA is installed locally, try running Node.js with --use-system-ca",
        ),
      );
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).toBe(
        `cannot verify the TLS certificate of the API server at ${apiServer}: self-signed certificate`,
      );
      expect(error.url).toBe(apiServer);
      expect(error.suggestions).toEqual([
        "check certificate-authority / certificate-authority-data of this cluster in your kubeconfig",
        "if the server's certificate is issued for another name, set tls-server-name",
        "insecure-skip-tls-verify: true turns verification off (unsafe; for test clusters only)",
      ]);
    }
  });

  it("a rejected client certificate points at client-certificate / client-key", () => {
    for (const code of [
      "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
      "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
      "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
      "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN",
    ]) {
      const error = classify(failure(code, "alert"));
      expect(error.message, code).toBe(
        `the API server at ${apiServer} rejected the client certificate: alert`,
      );
      expect(error.suggestions).toEqual([
        "check client-certificate / client-key of the user in your kubeconfig",
      ]);
    }
  });

  it("another TLS failure suggests checking the scheme and port", () => {
    for (const code of ["ERR_SSL_WRONG_VERSION_NUMBER", "ERR_TLS_HANDSHAKE_TIMEOUT", "EPROTO"]) {
      const error = classify(failure(code, "wrong version number"));
      expect(error.message, code).toBe(
        `TLS handshake with the API server at ${apiServer} failed: wrong version number`,
      );
      expect(error.suggestions[0]).toBe(
        "check that the server URL uses the right scheme (https://) and port",
      );
    }
  });

  it("an unknown host names the host and the DNS", () => {
    for (const code of ["ENOTFOUND", "EAI_AGAIN"]) {
      const error = classify(failure(code));
      expect(error.message).toBe(`cannot resolve the API server host kube.example:6443 (${apiServer})`);
      expect(error.suggestions).toEqual([
        "check `server:` of the cluster in your kubeconfig, and your DNS / VPN",
      ]);
    }
  });

  it("refused, timed out and closed connections say which", () => {
    const cases: [string, string][] = [
      ["ECONNREFUSED", "the connection was refused"],
      ["UND_ERR_CONNECT_TIMEOUT", "connecting timed out"],
      ["ETIMEDOUT", "connecting timed out"],
      ["ECONNRESET", "the connection was closed before a response arrived"],
      ["EPIPE", "the connection was closed before a response arrived"],
      ["UND_ERR_SOCKET", "the connection was closed before a response arrived"],
      ["UND_ERR_CLOSED", "the connection was closed before a response arrived"],
      ["EHOSTUNREACH", "failed: EHOSTUNREACH"],
    ];
    for (const [code, what] of cases) {
      const error = classify(failure(code));
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message, code).toBe(
        `cannot reach the API server at ${apiServer}: ${what} (GET /api/v1/pods)`,
      );
      expect(error.suggestions).toEqual([
        "is the API server running? check `server:` in your kubeconfig",
        "check proxy settings (HTTPS_PROXY, NO_PROXY, proxy-url)",
      ]);
      expect(error.cause).toBeInstanceOf(Error);
    }
    expect(classify("a string thrown").message).toBe(
      `cannot reach the API server at ${apiServer}: a string thrown (GET /api/v1/pods)`,
    );
  });
});
