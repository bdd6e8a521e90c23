/**
 * The backup engine. {@link app.lifeboat.core.BackupService} is the facade the CLI and the GUI
 * call; every operation reports progress through {@link app.lifeboat.core.base.ProgressListener}, can
 * be cancelled through {@link app.lifeboat.core.base.Cancellation}, and fails only with
 * {@link app.lifeboat.core.base.LifeboatException}, whose message is one sentence saying what is
 * wrong and what to do. No JavaFX, no picocli, no printing.
 */
package app.lifeboat.core;
