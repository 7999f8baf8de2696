import { describe, expect, it } from "vitest";
import { DeliveredObjects, objectKey, type Change } from "./store.ts";
import type { RawObject } from "./types.ts";

const cm = (name: string, rv: string, uid = `uid-${name}`, namespace = "ns"): RawObject => ({
  metadata: { name, namespace, uid, resourceVersion: rv },
});

function deliverAll<T>(store: DeliveredObjects<T>, changes: Change<T>[]): string[] {
  return changes.map((change) => {
    store.commit(change);
    return `${change.type} ${change.key}`;
  });
}

/** A store that has delivered `objects`. */
function storeWith(...objects: RawObject[]): DeliveredObjects<RawObject> {
  const store = new DeliveredObjects<RawObject>((raw) => raw);
  for (const object of objects) store.commit(store.change("ADDED", object));
  return store;
}

describe("objectKey", () => {
  it("is namespace/name, or the name alone for cluster-scoped objects", () => {
    expect(objectKey(cm("a", "1"))).toBe("ns/a");
    expect(objectKey({ metadata: { name: "node-1" } })).toBe("node-1");
  });
});

describe("a re-list compared with what was delivered", () => {
  it("delivers the difference: ADDED new, MODIFIED changed, nothing for unchanged, DELETED gone", () => {
    const store = storeWith(cm("same", "1"), cm("changed", "2"), cm("gone", "3"));
    const snapshot = store.snapshot();
    const seen = [
      ...deliverAll(store, snapshot.observe(cm("same", "1"))),
      ...deliverAll(store, snapshot.observe(cm("changed", "7"))),
      ...deliverAll(store, snapshot.observe(cm("new", "8"))),
      ...deliverAll(store, snapshot.finish()),
    ];
    expect(seen).toEqual(["MODIFIED ns/changed", "ADDED ns/new", "DELETED ns/gone"]);
    expect(
      store
        .values()
        .map((o) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`)
        .sort(),
    ).toEqual(["changed@7", "new@8", "same@1"]);
  });

  it("delivers a deleted object with its last delivered state", () => {
    const store = storeWith(cm("gone", "3"));
    const [deletion] = store.snapshot().finish();
    expect(deletion?.object).toEqual(cm("gone", "3"));
  });

  it("reports an object deleted and re-created under the same name as DELETED then ADDED", () => {
    const store = storeWith(cm("a", "1", "old-uid"));
    const changes = store.snapshot().observe(cm("a", "9", "new-uid"));
    expect(changes.map((c) => [c.type, c.object.metadata?.uid])).toEqual([
      ["DELETED", "old-uid"],
      ["ADDED", "new-uid"],
    ]);
    deliverAll(store, changes);
    expect(store.get("ns/a")?.metadata?.uid).toBe("new-uid");
  });

  it("an interrupted re-list followed by a complete one still ends with exactly the listed objects", () => {
    const store = storeWith(cm("a", "1"), cm("b", "1"));
    const first = store.snapshot();
    const seen = deliverAll(store, first.observe(cm("c", "5"))); // then the connection broke
    const second = store.snapshot();
    seen.push(
      ...deliverAll(store, second.observe(cm("b", "6"))),
      ...deliverAll(store, second.observe(cm("c", "5"))),
      ...deliverAll(store, second.finish()),
    );
    expect(seen).toEqual(["ADDED ns/c", "MODIFIED ns/b", "DELETED ns/a"]);
    expect(store.size).toBe(2);
  });

  it("passes what each change replaces, for update handlers", () => {
    const store = storeWith(cm("a", "1"));
    const [change] = store.snapshot().observe(cm("a", "2"));
    expect(change?.previous).toEqual(cm("a", "1"));
    expect(change?.object).toEqual(cm("a", "2"));
  });
});
