package io.tandem.cli;

/** Tandem's version from the jar manifest, for the listing's version line. */
final class CliVersion {
    private CliVersion() {}

    static String version() {
        String v = CliVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
