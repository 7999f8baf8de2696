/**
 * The channel framing exec and attach speak over a WebSocket (`*.channel.k8s.io`): every binary message is
 * `[channel byte][payload]`. Source: k8s.io/apimachinery/pkg/util/httpstream/wsstream/conn.go and
 * k8s.io/client-go/tools/remotecommand/websocket.go.
 */
import type { KubernetesStatus } from "../errors.ts";

/** The exec/attach subprotocols kr8s speaks, most preferred first. */
export const EXEC_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"] as const;

/** One of {@link EXEC_PROTOCOLS}. */
export type ExecProtocol = (typeof EXEC_PROTOCOLS)[number];

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
/** v4+: one JSON `Status` with the command's outcome. */
export const STATUS = 3;
export const RESIZE = 4;
/** v5 only: `[255, channel]` half-closes that channel (stdin EOF), which v4 cannot express. */
export const CLOSE = 255;

/** A frame: the channel byte, then the payload. */
export function frame(channel: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(payload.length + 1);
  out[0] = channel;
  out.set(payload, 1);
  return out;
}

/** How the command ended, read from the status channel's `Status`. */
export type CommandOutcome =
  | { kind: "exited"; exitCode: number }
  /** The server could not run the command (not found, runtime error…). */
  | { kind: "failed"; status: KubernetesStatus };

/**
 * `Success` is exit code 0; `NonZeroExitCode` carries the code in the `ExitCode` cause (kubectl reads it
 * there too: client-go's remotecommand `errorDecoderV4`). Anything else is a failure to run.
 */
export function commandOutcome(status: KubernetesStatus): CommandOutcome {
  if (status.status === "Success") return { kind: "exited", exitCode: 0 };
  if (status.reason === "NonZeroExitCode") {
    const cause = status.details?.causes?.find((c) => c.reason === "ExitCode");
    const code = Number(cause?.message);
    if (Number.isInteger(code) && code > 0) return { kind: "exited", exitCode: code };
  }
  return { kind: "failed", status };
}

/**
 * The program a failure says was not found, when it says so. The wordings: Go's `exec.LookPath`
 * (`exec: "x": executable file not found in $PATH`, used by runc, crun, KWOK) and a missing absolute path
 * (`exec: "/x": stat /x: no such file or directory`).
 */
export function missingProgram(status: KubernetesStatus): string | undefined {
  const message = status.message ?? "";
  const match =
    /exec: "((?:[^"\\]|\\.)*)": (?:executable file not found|stat [^:]*: no such file or directory)/.exec(
      message,
    );
  return match?.[1];
}
