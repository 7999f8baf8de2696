// A namespaced CustomResourceDefinition for e2e tests: one served version that keeps every field.

/** The manifest of `<plural>.<group>` (kind `kind`, singular `kind` lower-cased), in `categories` if given. */
export function crdManifest(options: {
  group: string;
  plural: string;
  kind: string;
  categories?: string[];
}): string {
  const { group, plural, kind, categories } = options;
  const inCategories = categories ? `, categories: [${categories.join(", ")}]` : "";
  return `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${plural}.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: ${plural}, singular: ${kind.toLowerCase()}, kind: ${kind}${inCategories} }
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;
}
