// What the CLI's bundle gets for `import … from "undici"` (scripts/bundle.ts). undici's index.js loads all of
// undici: fetch, WebSocket, EventSource, the cache and cookie APIs, the mock agents. @kr8s/core uses none of
// them, yet their code is about a third of undici and evaluating it costs every command tens of ms; its
// cookie module also reads globalThis.Headers, which makes Node load its own internal copy of undici. This
// module loads only what core imports eagerly, and the rest of undici when it is first needed.
//
// undici has no "exports" map, so these paths are reachable; should one move, the build fails.
import api from "undici/lib/api/index.js";
import buildConnector from "undici/lib/core/connect.js";
import Agent from "undici/lib/dispatcher/agent.js";
import Dispatcher from "undici/lib/dispatcher/dispatcher.js";

// As undici's index.js does: request(), stream(), upgrade()… are methods of every dispatcher.
Object.assign(Dispatcher.prototype, api);

export { Agent, buildConnector };

/** undici's `request` (it takes the global dispatcher when none is given), loading all of undici first. */
export async function request(url, options) {
  // undici is CommonJS: its exports are the namespace's default.
  const { default: undici } = await import("undici");
  return undici.request(url, options);
}
