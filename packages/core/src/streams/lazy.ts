/**
 * The streaming entry points of the package's index (exec, attach, cp, port-forward, logs, proxy), each
 * loading its module (and `ws`, `tar`, `node:zlib` behind it) on its first call: a program that only
 * reads and writes objects, `kr8s get` among them, never loads them. Same signatures as the modules'
 * own functions; the errors they throw are the modules' (see each module's TSDoc).
 */
import type * as Cp from "./cp.ts";
import type * as Exec from "./exec.ts";
import type * as Logs from "./logs.ts";
import type * as PortForward from "./port-forward.ts";
import type * as Proxy from "./proxy.ts";

type AsyncFunction = (...args: never[]) => Promise<unknown>;

/** `name` of the module `load` imports, imported on the first call; the function's own type (overloads too). */
function onFirstCall<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] & AsyncFunction {
  const call = async (...args: unknown[]): Promise<unknown> =>
    ((await load())[name] as (...a: unknown[]) => Promise<unknown>)(...args);
  return call as M[K] & AsyncFunction;
}

const exec$ = (): Promise<typeof Exec> => import("./exec.ts");
const cp$ = (): Promise<typeof Cp> => import("./cp.ts");
const proxy$ = (): Promise<typeof Proxy> => import("./proxy.ts");

/** Runs a command in a container and waits for it to exit, like `kubectl exec` (streams/exec.ts). */
export const exec: typeof Exec.exec = onFirstCall(exec$, "exec");
/** Attaches to the main process of a container, like `kubectl attach` (streams/exec.ts). */
export const attach: typeof Exec.attach = onFirstCall(exec$, "attach");
/** Copies between the local filesystem and a container, like `kubectl cp` (streams/cp.ts). */
export const cp: typeof Cp.cp = onFirstCall(cp$, "cp");
/** Copies a local file or directory into a container (streams/cp.ts). */
export const copyToPod: typeof Cp.copyToPod = onFirstCall(cp$, "copyToPod");
/** Copies a file or directory out of a container (streams/cp.ts). */
export const copyFromPod: typeof Cp.copyFromPod = onFirstCall(cp$, "copyFromPod");
/** Forwards local ports to a pod, like `kubectl port-forward` (streams/port-forward.ts). */
export const portForward: typeof PortForward.portForward = onFirstCall(
  () => import("./port-forward.ts"),
  "portForward",
);
/** One HTTP request to a Service or pod through the API server's proxy subresource (streams/proxy.ts). */
export const proxyHttpRequest: typeof Proxy.proxyHttpRequest = onFirstCall(proxy$, "proxyHttpRequest");
/** A local HTTP server equivalent to `kubectl proxy` (streams/proxy.ts). */
export const proxy: typeof Proxy.proxy = onFirstCall(proxy$, "proxy");

/**
 * Container logs as an async iterable of lines, like `kubectl logs` (streams/logs.ts). An async generator
 * like the module's: its module loads when the iteration starts.
 */
export const logs: typeof Logs.logs = async function* logs(...args) {
  yield* (await import("./logs.ts")).logs(...args);
};
