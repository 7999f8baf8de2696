/**
 * kubectl port-forward's port spellings (`kubectl/pkg/cmd/portforward` `parsePorts`): `N` listens on local
 * port N, `:N` on a random local port, `L:N` on local port L; N may be a port name.
 */
import { InvalidArgumentError } from "../errors.ts";

/** One port to forward: a pod (or Service) port, number or name, and where it listens locally. */
export interface PortSpec {
  /** The pod port, or the Service port for a Service target; a name where the object declares one. */
  remote: number | string;
  /**
   * The local port; 0 = any free port; `"match"` = the number `remote` stands for (the port itself, a named
   * pod port's number, or for a Service its service port's number, as kubectl listens).
   */
  local: number | "match";
}

/** How numeric ports without a local part (`8080`) pick their local port. */
export type LocalPorts = number | "auto" | "match";

function parsePortNumber(text: string, what: string, spec: string, allowZero: boolean): number {
  if (!/^\d+$/.test(text)) throw badSpec(spec, `${what} "${text}" is not a number`);
  const port = Number(text);
  if (port > 65535 || (!allowZero && port === 0)) throw badSpec(spec, `${what} ${port} is out of range`);
  return port;
}

function badSpec(spec: string, why: string): InvalidArgumentError {
  return new InvalidArgumentError(`invalid port "${spec}": ${why}`, {
    suggestions: ['write N (local N → pod N), ":N" (any free local port) or "L:N" (local L → pod N)'],
  });
}

function remotePart(text: string, spec: string): number | string {
  if (text === "") throw badSpec(spec, "the pod port is missing");
  if (/^\d+$/.test(text)) return parsePortNumber(text, "pod port", spec, false);
  // IANA_SVC_NAME, as a container port name must be: 1-15 characters, lowercase letters, digits, '-'.
  if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(text)) throw badSpec(spec, `"${text}" is not a port name`);
  return text;
}

/**
 * Parses the ports of a forward. Numbers and `"N"` follow `localPorts`: `"match"` (kubectl's `N`: the same
 * local port), `"auto"` (any free local port), or a number (the local port; one port only). Strings with a
 * colon say it themselves.
 * @throws {InvalidArgumentError} for malformed ports, or a numeric `localPorts` with several ports.
 */
export function parsePortSpecs(
  ports: number | string | readonly (number | string)[],
  localPorts: LocalPorts = "match",
): PortSpec[] {
  const list = Array.isArray(ports) ? ports : [ports as number | string];
  if (list.length === 0) throw new InvalidArgumentError("no port to forward was given");
  if (typeof localPorts === "number") {
    if (list.length !== 1)
      throw new InvalidArgumentError(
        `localPorts ${localPorts} names one local port for ${list.length} ports`,
        {
          suggestions: ['write each as "L:N", or use localPorts "auto" or "match"'],
        },
      );
    if (!Number.isInteger(localPorts) || localPorts < 0 || localPorts > 65535)
      throw new InvalidArgumentError(`localPorts ${localPorts} is not a port number`);
  }
  return list.map((port) => {
    const spec = String(port);
    const colon = spec.indexOf(":");
    if (colon >= 0) {
      const local = spec.slice(0, colon);
      return {
        remote: remotePart(spec.slice(colon + 1), spec),
        local: local === "" ? 0 : parsePortNumber(local, "local port", spec, true),
      };
    }
    const remote = remotePart(spec, spec);
    return { remote, local: localPorts === "auto" ? 0 : localPorts };
  });
}
