// The kr8s:http channel's events during each test of a file (vitest hooks: not for the child-process
// fixtures, which import helpers.ts without vitest).
import diagnosticsChannel from "node:diagnostics_channel";
import { MockAgent } from "undici";
import { afterEach, beforeEach } from "vitest";
import { HTTP_DEBUG_CHANNEL, type HttpDebugEvent } from "../../src/http/debug.ts";

/**
 * For each test of the calling file: a fresh MockAgent with network connections disabled, and the events
 * published on the kr8s:http channel during the test. Read both through the returned getters.
 */
export function recordHttpEvents(): { readonly agent: MockAgent; readonly events: HttpDebugEvent[] } {
  let agent = new MockAgent();
  let events: HttpDebugEvent[] = [];
  const onMessage = (m: unknown): void => void events.push(m as HttpDebugEvent);
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    events = [];
    diagnosticsChannel.subscribe(HTTP_DEBUG_CHANNEL, onMessage);
  });
  afterEach(async () => {
    diagnosticsChannel.unsubscribe(HTTP_DEBUG_CHANNEL, onMessage);
    await agent.close();
  });
  return {
    get agent() {
      return agent;
    },
    get events() {
      return events;
    },
  };
}
