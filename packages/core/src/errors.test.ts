import { describe, expect, it } from "vitest";
import { KubeConfigError, NotFoundError, ServerError } from "./errors.ts";

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
});
