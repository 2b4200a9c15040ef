package io.tandem.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Kernel settings under {@code /proc/sys}, read in the calling thread's network namespace (the
 * {@code net.*} ones are per namespace). A file read, not a system call of our own: procfs is the
 * kernel's interface for these.
 */
public final class Sysctl {
    private Sysctl() {}

    /**
     * Whether the kernel forwards IPv4 packets arriving on {@code interfaceName} ({@code
     * net.ipv4.conf.IF.forwarding}).
     *
     * @throws IOException when the interface does not exist or the setting cannot be read
     */
    public static boolean forwardsIpv4(String interfaceName) throws IOException {
        if (interfaceName.isEmpty() || interfaceName.contains("/") || interfaceName.equals("..")) {
            throw new IOException("not an interface name: '" + interfaceName + "'");
        }
        Path setting = Path.of("/proc/sys/net/ipv4/conf", interfaceName, "forwarding");
        try {
            return !Files.readString(setting).strip().equals("0");
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "no interface " + interfaceName + " (" + setting + " is missing)");
        }
    }
}
