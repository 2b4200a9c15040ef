package io.tandem.app;

import picocli.CommandLine.IVersionProvider;

/** The version line of {@code tandem --version}, read from the jar manifest. */
final class TandemVersion implements IVersionProvider {

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Tandem " + version()};
    }
}
