/**
 * Owner references for `setOwner()` / `adopt()`: the reference client-go's `metav1.NewControllerRef`
 * builds (controller and blockOwnerDeletion set), checked against the garbage collector's rules before
 * anything is sent.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import { InvalidArgumentError } from "../errors.ts";

/** What an owner reference is built from: an object as the server returned it. */
export interface OwnerLike {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly metadata: { uid?: string | undefined };
}

/** Options of `setOwner()` / `adopt()`. */
export interface OwnerOptions {
  /** Mark the owner as the managing controller (at most one reference may). @default true */
  controller?: boolean | undefined;
  /**
   * The owner cannot be deleted in the foreground before this object is gone (the caller then needs
   * permission to update the owner's finalizers). @default true
   */
  blockOwnerDeletion?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The reference to `owner`.
 * @throws {InvalidArgumentError} when the owner has no uid (it was never created or read from the
 * server), or when a namespaced owner lives in another namespace than the dependent (the garbage
 * collector treats such a reference as pointing at nothing and deletes the dependent).
 */
export function ownerReference(
  owner: OwnerLike,
  dependent: { label: string; namespace: string | undefined },
  options: OwnerOptions,
): OwnerReference {
  const uid = owner.metadata.uid;
  if (!uid)
    throw new InvalidArgumentError(
      `the owner ${owner.kind} ${owner.name || "(unnamed)"} has no metadata.uid`,
      {
        suggestions: ["create the owner, or read it from the server (refresh()), before setting it as owner"],
      },
    );
  if (owner.namespace !== undefined && owner.namespace !== dependent.namespace)
    throw new InvalidArgumentError(
      `${owner.kind} ${owner.namespace}/${owner.name} cannot own ${dependent.label}: owner references do not cross namespaces`,
      { suggestions: ["use an owner in the same namespace, or a cluster-scoped owner"] },
    );
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.name,
    uid,
    controller: options.controller ?? true,
    blockOwnerDeletion: options.blockOwnerDeletion ?? true,
  };
}

/** `current` with `reference` added, replacing an earlier reference to the same owner (same uid). */
export function withOwner(
  current: readonly OwnerReference[] | undefined,
  reference: OwnerReference,
): OwnerReference[] {
  return [...(current ?? []).filter((ref) => ref.uid !== reference.uid), reference];
}
