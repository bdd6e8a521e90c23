/**
 * Backup metadata. Each backup's JSON sidecar is the source of truth; the catalog is rebuilt by
 * scanning a destination, so there is no index to go stale. A malformed sidecar is reported as
 * a {@link app.lifeboat.core.catalog.CatalogProblem}, never a crash; unknown fields are kept.
 */
package app.lifeboat.core.catalog;
