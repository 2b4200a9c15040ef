package io.tandem.metrics;

import io.tandem.admin.AdminBackend;
import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import java.util.List;

/**
 * Where a scrape reads the live state from. Called on the scraping thread (a virtual thread); may
 * block briefly.
 */
@FunctionalInterface
public interface ListingSource {

    Listing read() throws AdminException, InterruptedException;

    /** Reads both listings from the admin backend, as the CLI's {@code -L} would. */
    static ListingSource of(AdminBackend backend) {
        return () -> {
            List<io.tandem.admin.api.ServiceStatus> services =
                    backend.execute(new AdminCommand.ListServices())
                                    instanceof AdminResult.Services s
                            ? s.services()
                            : List.of();
            List<io.tandem.admin.api.VrrpInstanceStatus> vrrp =
                    backend.execute(new AdminCommand.ListVrrp()) instanceof AdminResult.Vrrp v
                            ? v.instances()
                            : List.of();
            return new Listing(services, vrrp);
        };
    }
}
