// @kr8s/objects-crd registers resource classes for CustomResourceDefinitions through the @kr8s/core
// registry. The registry and the plugin contract arrive with the object-model work; until then this
// package exports nothing, on purpose, rather than an interface it cannot honour yet.
export {};
