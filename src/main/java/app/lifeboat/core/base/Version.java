package app.lifeboat.core.base;

/** The tool's version, read from the jar manifest (set from the pom) with a fallback for IDE runs. */
public final class Version {
    private Version() {}

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
