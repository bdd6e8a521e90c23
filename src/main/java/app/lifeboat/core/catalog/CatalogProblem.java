package app.lifeboat.core.catalog;

/** A sidecar that could not be read, reported instead of crashing the listing. */
public record CatalogProblem(String name, String message) {}
