import { describe, expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  KubeConfigError,
  Kr8sError,
  NotFoundError,
  PartialWriteError,
  ServerError,
  UnknownKindError,
} from "./errors.ts";
import type * as Errors from "./errors.ts";
import { serverError } from "./http/response-errors.ts";

describe("errors", () => {
  it("names the file and field of a kubeconfig problem", () => {
    const error = new KubeConfigError("client certificate file not found", {
      file: "/home/u/.kube/config",
      field: "users[admin].client-certificate",
    });
    expect(error.message).toBe(
      "client certificate file not found (/home/u/.kube/config: users[admin].client-certificate)",
    );
    expect(error.code).toBe("KR8S_KUBECONFIG");
    expect(error.name).toBe("KubeConfigError");
  });

  it("keeps the server's Status on a NotFoundError", () => {
    const status = {
      kind: "Status" as const,
      code: 404,
      reason: "NotFound",
      message: 'pods "web" not found',
    };
    const error = new NotFoundError(404, status);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.reason).toBe("NotFound");
    expect(error.message).toBe('pods "web" not found');
    expect(error.code).toBe("KR8S_NOT_FOUND");
  });

  it("maps 409, 410 and 422 to ConflictError, GoneError and InvalidError", () => {
    const status = (code: number, reason: string) => ({ kind: "Status" as const, code, reason });
    expect(serverError(409, status(409, "AlreadyExists")).code).toBe("KR8S_CONFLICT");
    expect(serverError(410, status(410, "Expired")).code).toBe("KR8S_GONE");
    expect(serverError(422, status(422, "Invalid")).code).toBe("KR8S_INVALID");
    expect(serverError(409, status(409, "Conflict"))).toBeInstanceOf(ConflictError);
  });

  it("parses the fields and managers of a server-side apply conflict", () => {
    // The Status kube-apiserver v1.33.13 sent for a conflicting apply on the local cluster.
    const error = new ConflictError(409, {
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      message: 'Apply failed with 2 conflicts: conflicts with "other":\n- .data.size\n- .metadata.labels',
      reason: "Conflict",
      details: {
        causes: [
          { reason: "FieldManagerConflict", message: 'conflict with "other"', field: ".data.size" },
          { reason: "FieldManagerConflict", message: 'conflict with "other"', field: ".metadata.labels" },
        ],
      },
      code: 409,
    });
    expect(error.conflicts).toEqual([
      { field: ".data.size", manager: "other", message: 'conflict with "other"' },
      { field: ".metadata.labels", manager: "other", message: 'conflict with "other"' },
    ]);
    expect(error.managers).toEqual(["other"]);
    // apimachinery may add the API version and a subresource after the manager's name.
    const versioned = new ConflictError(409, {
      kind: "Status",
      code: 409,
      reason: "Conflict",
      details: {
        causes: [
          {
            reason: "FieldManagerConflict",
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
            field: ".spec.replicas",
          },
        ],
      },
    });
    expect(versioned.managers).toEqual(["kubectl-client-side-apply"]);
    expect(error.suggestions.join(" ")).toContain("force: true");
  });

  it("has no field conflicts for a stale resourceVersion, and says to re-read", () => {
    const error = new ConflictError(409, { kind: "Status", code: 409, reason: "Conflict", message: "x" });
    expect(error.conflicts).toEqual([]);
    expect(error.suggestions[0]).toContain("get it again");
  });

  it("names an unknown kind and its nearest matches like kubectl does", () => {
    const error = new UnknownKindError("deploymnt", ["deployment", "deployments"]);
    expect(error.message).toBe(
      'the server doesn\'t have a resource type "deploymnt" (did you mean "deployment", "deployments"?)',
    );
  });

  it("says which objects were written before a refusal", () => {
    const cause = new ForbiddenError(403, { kind: "Status", code: 403, message: "denied" });
    const error = new PartialWriteError("create", ["Pod a/x"], ["Pod a/y", "Pod a/z"], cause);
    expect(error.message).toBe(
      "create stopped at Pod a/y: denied; written: Pod a/x; not written: Pod a/y, Pod a/z",
    );
    expect(error.cause).toBe(cause);
  });

  describe("instanceof", () => {
    it("recognises errors thrown by a second copy of @kr8s/core loaded in the same process", async () => {
      // A query string makes the module loader evaluate errors.ts again: distinct classes, as with a
      // plugin that installed its own copy of core.
      const specifier = "./errors.ts?second-copy";
      const copy = (await import(specifier)) as typeof Errors;
      expect(copy.NotFoundError).not.toBe(NotFoundError);

      const theirs = new copy.NotFoundError(404, { kind: "Status", code: 404 });
      expect(theirs).toBeInstanceOf(NotFoundError);
      expect(theirs).toBeInstanceOf(ServerError);
      expect(theirs).toBeInstanceOf(Kr8sError);
      expect(theirs).not.toBeInstanceOf(ConflictError);
      expect(theirs).not.toBeInstanceOf(KubeConfigError);

      const ours = new ConflictError(409, { kind: "Status", code: 409 });
      expect(ours).toBeInstanceOf(copy.ConflictError);
      expect(ours).toBeInstanceOf(copy.Kr8sError);
      expect(ours).not.toBeInstanceOf(copy.NotFoundError);
      expect(new Error("plain")).not.toBeInstanceOf(copy.Kr8sError);
      expect(null).not.toBeInstanceOf(Kr8sError);
    });

    it("keeps the prototype check for a user subclass without a brand of its own", () => {
      class MyError extends Kr8sError {}
      expect(new MyError("x")).toBeInstanceOf(MyError);
      expect(new MyError("x")).toBeInstanceOf(Kr8sError);
      expect(new Kr8sError("x")).not.toBeInstanceOf(MyError);
    });
  });
});
