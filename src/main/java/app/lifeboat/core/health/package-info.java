/** Warnings about a database's protection, shared by {@code status} and the GUI's banners. */
package app.lifeboat.core.health;
